package org.pathway.reporting.journey;

/**
 * One wellbeing score recorded during the journey.
 *
 * @param instrument {@code SWEMWBS}, {@code WEMWBS}, ... (the event's instrument name)
 * @param timing {@code ENTRY}, {@code INTERIM} or {@code EXIT}
 * @param score the raw score as recorded
 * @param effectiveAt epoch millis the score applies to
 * @param observationId the Observation that holds it; a repeated event does not add it twice
 */
public record Score(
    String instrument, String timing, double score, long effectiveAt, String observationId) {}
