package org.pathway.events.vocabulary;

import java.util.List;

/**
 * The identifier systems Pathway assigns values in, the one place each is written. A GP system
 * deduplicates on them (conditional creates), so a value here never changes once shipped.
 */
public final class IdentifierSystems {

  /** {@code Task.groupIdentifier}: the correlation id that also travels on every event. */
  public static final String CORRELATION_ID = "urn:pathway:correlation-id";

  /** Pathway's Task id on a GP system's copy of the Task. */
  public static final String TASK_ID = "urn:pathway:task-id";

  /**
   * The notification id on every Communication and Observation a notification creates, in the
   * ledger and at the GP system alike.
   */
  public static final String NOTIFICATION_ID = "https://pathway.example.org/fhir/notification-id";

  /**
   * A registered client's id ({@code client-id} of the clients file), e.g. on AuditEvent agents.
   */
  public static final String CLIENT_ID = "https://pathway.example.org/client-id";

  /** The organisation a registered client acts for (ODS code or directory id). */
  public static final String ORGANIZATION = "https://pathway.example.org/organization";

  /**
   * The key of a referral received as a BaRS message, which carries no business identifier: {@code
   * <sender ODS code>:<the sender's ServiceRequest id>}.
   */
  public static final String BARS_REFERRAL = "https://pathway.example.org/Id/bars-referral";

  /**
   * The reference a person is given when they refer themselves through the portal's public form
   * (e.g. {@code PW-7K3M-9QXD}); the referral's business identifier, so a form sent twice is one
   * referral.
   */
  public static final String SELF_REFERRAL = "https://pathway.example.org/Id/self-referral";

  private IdentifierSystems() {}

  /** Every Pathway identifier system. */
  public static List<String> all() {
    return List.of(
        CORRELATION_ID, TASK_ID, NOTIFICATION_ID, CLIENT_ID, ORGANIZATION, BARS_REFERRAL);
  }
}
