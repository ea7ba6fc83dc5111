package org.pathway.fhiradapter.authz;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.LinkSigner;
import org.pathway.access.links.SignedLink;
import org.pathway.fhiradapter.ids.RandomUuids;

/**
 * Issues the link a person who referred themselves keeps to see where their referral is: bound to
 * their Task, purpose {@code referral-status}, recipient the organisation that forwarded it.
 */
public final class StatusLinks {

  /** Long enough to follow a referral to its end; the link reads status and nothing else. */
  public static final Duration LIFETIME = Duration.ofDays(180);

  private final Optional<LinkSigner> signer;
  private final Clock clock;

  /**
   * @param signer the signer over the links' keys; empty when none are configured (no portal is
   *     registered, so no one forwards a person's own referral)
   */
  public StatusLinks(Optional<LinkSigner> signer, Clock clock) {
    this.signer = signer;
    this.clock = clock;
  }

  /** The signed status link for {@code taskId}, or empty when no link keys are held. */
  public Optional<String> issue(String taskId, String forwardedBy) {
    Instant now = clock.instant();
    return signer.map(
        s ->
            s.sign(
                new SignedLink(
                    RandomUuids.nextString(),
                    taskId,
                    forwardedBy,
                    LinkPurpose.REFERRAL_STATUS,
                    now,
                    now.plus(LIFETIME))));
  }
}
