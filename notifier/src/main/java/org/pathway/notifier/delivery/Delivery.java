package org.pathway.notifier.delivery;

/**
 * One row of the delivery log.
 *
 * @param notificationId the request's notification id (primary key)
 * @param seq arrival order; deliveries sharing an order key go in this order
 * @param referralId the referral, also the Kafka key of the receipt
 * @param channel channel name
 * @param requestBytes the request exactly as read from Kafka
 * @param source topic-partition@offset it was read from
 * @param status where it stands
 * @param attempts tries started so far
 * @param receivedAt when it became durable here (epoch ms); the retry horizon counts from it
 * @param inDoubt an earlier try may have been delivered (crash or timeout mid-send)
 * @param resentInDoubt a try was made while {@code inDoubt}
 * @param providerRef the provider's id once delivered
 * @param finishedAt when it reached a terminal status (epoch ms)
 * @param failureReason why it failed, when it did
 * @param receiptEventId event id of the receipt, fixed when the status became terminal
 */
public record Delivery(
    String notificationId,
    long seq,
    String referralId,
    String channel,
    byte[] requestBytes,
    String source,
    Status status,
    int attempts,
    long receivedAt,
    boolean inDoubt,
    boolean resentInDoubt,
    String providerRef,
    Long finishedAt,
    String failureReason,
    String receiptEventId) {

  /** Where a delivery stands. */
  public enum Status {
    /** Waiting for its next try (or its predecessor in order). */
    PENDING,
    /** A try is under way; if the lease runs out first, the try was interrupted. */
    SENDING,
    /** The channel accepted it. Terminal. */
    DELIVERED,
    /** Refused or given up. Terminal; dead-lettered with its receipt. */
    FAILED,
    /**
     * Never sent: its referral was closed (cancelled, or the person withdrew consent) before it
     * left. Terminal; no receipt and no dead letter, the ledger already closed the referral.
     */
    WITHHELD
  }

  /** One try and its error. */
  public record Attempt(int number, long attemptedAt, String error) {}
}
