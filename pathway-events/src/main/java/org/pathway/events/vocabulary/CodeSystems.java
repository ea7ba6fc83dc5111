package org.pathway.events.vocabulary;

import java.util.List;

/**
 * The URI of every code system Pathway defines, the one place each is written. The FHIR API
 * documents these (fhir-adapter README); events, ledger, router, notifier, demo and fixtures use
 * them as they are.
 */
public final class CodeSystems {

  private static final String BASE = "https://pathway.example.org/CodeSystem/";

  /** {@code Task.businessStatus}: delivered, acknowledged, first-conversation-held, ... */
  public static final String TASK_BUSINESS_STATUS = BASE + "task-business-status";

  /** {@code Task.output.type}: what a step produced, e.g. {@code wellbeing-score}. */
  public static final String TASK_OUTPUT_TYPE = BASE + "task-output-type";

  /**
   * {@code Observation.code} of a wellbeing score: SWEMWBS, WEMWBS, ONS4, MYCAW, LONELINESS3 (the
   * names of {@code WellbeingInstrument}, the event enum, other than OTHER). Pathway's own because
   * LOINC codes for these scales could not be verified; a LOINC coding may sit beside it.
   */
  public static final String WELLBEING_INSTRUMENT = BASE + "wellbeing-instrument";

  /** {@code Observation.category} of a wellbeing score: entry, interim or exit. */
  public static final String MEASUREMENT_TIMING = BASE + "measurement-timing";

  /** {@code ServiceRequest.category}: the social need a referral is about. */
  public static final String NEED = BASE + "need";

  /**
   * {@code ServiceRequest.category}: the pathway a referral follows (e.g. {@code adult}, {@code
   * youth}), when the referrer names it; the codes are the pathways the operator configures, each
   * with its outcome set. Without it the pathway is decided from the person's age band.
   */
  public static final String PATHWAY = BASE + "pathway";

  /** {@code AuditEvent.agent.role}: the registered role of the client that called. */
  public static final String CLIENT_ROLE = BASE + "client-role";

  /** {@code AuditEvent.entity.detail}: what the caller asked (method, resource, query). */
  public static final String INTERACTION = BASE + "interaction";

  /**
   * {@code Task.statusReason} when a link worker or facilitator declines: Pathway's own reasons,
   * for those SNOMED CT has no code for (declined by the person is SNOMED CT 871711000000103).
   */
  public static final String DECLINE_REASON = BASE + "decline-reason";

  /**
   * {@code OperationOutcome.issue.details} when a signed link is not honoured: malformed,
   * unknown-key, bad-signature, expired, revoked, not-for-this.
   */
  public static final String LINK_REFUSAL = BASE + "link-refusal";

  /**
   * {@code HealthcareService.category}: the part a directory entry plays (link-worker-service,
   * community-group, hub), the codes of the directory feed's {@code pathway-service-kind}.
   */
  public static final String SERVICE_KIND = BASE + "service-kind";

  /**
   * {@code Task.statusReason} when Pathway closes a Task on a rule rather than a person's answer:
   * {@code returned-no-response} (the SLA ladder returned an unaccepted referral to its referrer)
   * {@code withdrawn-by-referrer} (a ServiceRequest revoked through REST or a BaRS update) and
   * {@code consent-withdrawn} (the person withdrew their consent: every open Task of the referral
   * is closed and nothing further is sent about them).
   */
  public static final String TASK_STATUS_REASON = BASE + "task-status-reason";

  /** {@link #TASK_STATUS_REASON}'s code for a referral returned unaccepted by the SLA ladder. */
  public static final String RETURNED_NO_RESPONSE = "returned-no-response";

  /** The display of {@link #RETURNED_NO_RESPONSE}, the words the GP's message shows. */
  public static final String RETURNED_NO_RESPONSE_DISPLAY =
      "Returned: no response within the agreed time";

  /** {@link #TASK_STATUS_REASON}'s code for a Task closed because the person withdrew consent. */
  public static final String CONSENT_WITHDRAWN = "consent-withdrawn";

  /** The display of {@link #CONSENT_WITHDRAWN}. */
  public static final String CONSENT_WITHDRAWN_DISPLAY = "The person withdrew their consent";

  /**
   * Codes of the reporting figures in a {@code MeasureReport}: its groups (funnel steps, time per
   * step, outcome pairs), the populations Pathway counts beyond FHIR's own, and the stratifiers
   * (age band, sex, ethnic group, deprivation quintile).
   */
  public static final String REPORTING_FIGURE = BASE + "reporting-figure";

  private CodeSystems() {}

  /** Every Pathway code system. */
  public static List<String> all() {
    return List.of(
        TASK_BUSINESS_STATUS,
        TASK_OUTPUT_TYPE,
        WELLBEING_INSTRUMENT,
        MEASUREMENT_TIMING,
        NEED,
        PATHWAY,
        CLIENT_ROLE,
        INTERACTION,
        DECLINE_REASON,
        LINK_REFUSAL,
        SERVICE_KIND,
        TASK_STATUS_REASON,
        REPORTING_FIGURE);
  }
}
