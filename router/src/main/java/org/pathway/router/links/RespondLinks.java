package org.pathway.router.links;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.LinkSigner;
import org.pathway.access.links.SignedLink;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.notifications.NotificationTemplate;

/**
 * Makes the {@code respondUrl} of a message that asks for an answer: {@code {portal}/l/{token}},
 * the token a signed link to one Task, for one recipient organisation and one purpose.
 *
 * <p>Deterministic: the link id derives from the causing event, the template and the recipient; it
 * is issued at the event's time and expires a lifetime later. So a decision made twice (a
 * redelivered event, a replay) yields byte-for-byte the same link, and the notifier's idempotency
 * key still matches the message it sends.
 */
public final class RespondLinks {

  private final LinkSigner signer;
  private final String portalUrl;
  private final Duration lifetime;

  /**
   * @param portalUrl the portal's base URL, without a trailing slash
   * @param lifetime how long a link works after the event that caused it
   */
  public RespondLinks(LinkSigner signer, String portalUrl, Duration lifetime) {
    this.signer = Objects.requireNonNull(signer, "signer");
    this.portalUrl = portalUrl.replaceAll("/+$", "");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
  }

  /** What a link sent to {@code audience} lets its recipient do; empty for anyone else. */
  public static Optional<LinkPurpose> purposeFor(Audience audience) {
    return switch (audience) {
      case LINK_WORKER -> Optional.of(LinkPurpose.LINK_WORKER);
      case FACILITATOR -> Optional.of(LinkPurpose.FACILITATOR);
      default -> Optional.empty();
    };
  }

  /**
   * The link for a message in {@code template}, caused by {@code cause}, about Task {@code taskId},
   * to the organisation {@code recipient} (its directory id, which is how the ledger names the
   * Task's owner).
   *
   * @throws IllegalArgumentException for a template whose audience answers by no link
   */
  public String respondUrl(
      EventEnvelope cause, NotificationTemplate template, String taskId, String recipient) {
    LinkPurpose purpose =
        purposeFor(template.audience())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "template "
                            + template.id()
                            + " for "
                            + template.audience()
                            + " answers by no link"));
    Instant issued = cause.getOccurredAt();
    SignedLink link =
        new SignedLink(
            linkId(cause.getEventId(), template.id(), recipient).toString(),
            Objects.requireNonNull(taskId, "taskId"),
            Objects.requireNonNull(recipient, "recipient"),
            purpose,
            issued,
            issued.plus(lifetime));
    return portalUrl + "/l/" + signer.sign(link);
  }

  /** The link id for {@code template} sent to {@code recipient} because of event {@code cause}. */
  public static UUID linkId(UUID cause, String templateId, String recipient) {
    return UUID.nameUUIDFromBytes(
        ("link|" + cause + "|" + templateId + "|" + recipient).getBytes(StandardCharsets.UTF_8));
  }
}
