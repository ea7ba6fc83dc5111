package org.pathway.reporting.journey;

/**
 * When a step happened and who did it.
 *
 * @param at epoch millis of the event that showed the step
 * @param actor the FHIR reference of whoever did it (a practice, service, group or system)
 */
public record Mark(long at, String actor) {}
