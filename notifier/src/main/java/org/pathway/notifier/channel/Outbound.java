package org.pathway.notifier.channel;

import org.pathway.events.avro.NotificationRequested;
import org.pathway.notifier.template.RenderedMessage;

/**
 * A message ready for a channel.
 *
 * @param request the original request (recipient, ids, idempotency key)
 * @param message the rendered, allowlisted content
 * @param attempt which try this is, from 1
 */
public record Outbound(NotificationRequested request, RenderedMessage message, int attempt) {

  public String notificationId() {
    return request.getNotificationId().toString();
  }

  public String idempotencyKey() {
    return request.getIdempotencyKey();
  }
}
