package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.pathway.fhiradapter.sla.SlaStep;
import org.pathway.fhiradapter.sla.StepDueTimes;
import org.pathway.servicesettings.Setting;

/**
 * The SLA watch and the steps' due times ({@code pathway.sla.*}): open Tasks past {@code
 * Task.restriction.period.end}, set as each step starts.
 *
 * @param enabled whether this instance scans
 * @param scanInterval how often it scans
 * @param batchSize Tasks flagged per transaction
 * @param acceptWithin how long a service has to accept a new referral
 * @param firstContactWithin how long a link worker has, once accepted, for the first conversation
 * @param firstSessionWithin how long a group has, once accepted, for the person's first session
 * @param completionWithin how long, after the first contact or session, until the Task completes
 * @param serviceDueTimes per-service overrides, {@code service:step=duration[,...][;...]}
 */
@ConfigurationProperties("pathway.sla")
public record SlaConfig(
    boolean enabled,
    Duration scanInterval,
    int batchSize,
    Duration acceptWithin,
    Duration firstContactWithin,
    Duration firstSessionWithin,
    Duration completionWithin,
    String serviceDueTimes) {

  static final Setting SERVICE_DUE_TIMES =
      Setting.of("pathway.sla.service-due-times", "SLA_SERVICE_DUE_TIMES");

  public SlaConfig {
    Setting.of("pathway.sla.scan-interval", "SLA_SCAN_INTERVAL").positive(scanInterval);
    Setting.of("pathway.sla.batch-size", "SLA_BATCH_SIZE").positive(batchSize);
    Setting.of("pathway.sla.accept-within", "SLA_ACCEPT_WITHIN").positive(acceptWithin);
    Setting.of("pathway.sla.first-contact-within", "SLA_FIRST_CONTACT_WITHIN")
        .positive(firstContactWithin);
    Setting.of("pathway.sla.first-session-within", "SLA_FIRST_SESSION_WITHIN")
        .positive(firstSessionWithin);
    Setting.of("pathway.sla.completion-within", "SLA_COMPLETION_WITHIN").positive(completionWithin);
    dueTimes(
        acceptWithin, firstContactWithin, firstSessionWithin, completionWithin, serviceDueTimes);
  }

  /** The due time of every step, by default and per service. */
  public StepDueTimes dueTimes() {
    return dueTimes(
        acceptWithin, firstContactWithin, firstSessionWithin, completionWithin, serviceDueTimes);
  }

  private static StepDueTimes dueTimes(
      Duration accept,
      Duration firstContact,
      Duration firstSession,
      Duration completion,
      String overrides) {
    Map<SlaStep, Duration> defaults = new EnumMap<>(SlaStep.class);
    defaults.put(SlaStep.ACCEPT, accept);
    defaults.put(SlaStep.FIRST_CONTACT, firstContact);
    defaults.put(SlaStep.FIRST_SESSION, firstSession);
    defaults.put(SlaStep.COMPLETION, completion);
    try {
      return new StepDueTimes(defaults, StepDueTimes.parseOverrides(overrides));
    } catch (IllegalArgumentException e) {
      throw SERVICE_DUE_TIMES.invalid(e.getMessage());
    }
  }
}
