package org.pathway.notifier.channel;

import org.pathway.events.avro.Channel;

/** One way of delivering a notification. Implementations must be thread-safe. */
public interface ChannelSender {

  /** The channel this sender serves. */
  Channel channel();

  /**
   * Delivers {@code message} once. Returns the provider's reference on success; throws {@link
   * SendFailure} saying whether a retry could help and whether the message may have arrived anyway.
   */
  Sent send(Outbound message) throws SendFailure;

  /**
   * True when the provider itself drops a repeat of the same notification, so a resend after an
   * interrupted try can never arrive twice and is not in doubt.
   */
  default boolean dropsRepeats() {
    return false;
  }
}
