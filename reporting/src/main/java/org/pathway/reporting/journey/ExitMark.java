package org.pathway.reporting.journey;

/**
 * How and when a journey left the funnel.
 *
 * @param kind declined or dropped out
 * @param after the furthest step reached when it left
 * @param at epoch millis
 * @param actor who closed it
 */
public record ExitMark(Exit kind, Step after, long at, String actor) {}
