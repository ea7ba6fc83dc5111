package org.pathway.portal.pages;

import java.util.Optional;
import org.pathway.access.links.LinkRefusal;

/**
 * The page a refused link gets, by the adapter's link-refusal code: a person needs to know only
 * whether the link is broken, too old, withdrawn or meant for something else.
 */
public enum RefusalPage {
  /** Malformed, unknown key, bad signature, or no code at all: the link is not one of ours. */
  NOT_VALID,
  /** Past its expiry. */
  EXPIRED,
  /** The referral was cancelled or moved to someone else. */
  WITHDRAWN,
  /** A real link, used for a Task or an answer it was not issued for. */
  NOT_FOR_THIS;

  /** The page for a refusal code (none: not valid). */
  public static RefusalPage of(Optional<LinkRefusal> refusal) {
    return refusal
        .map(
            r ->
                switch (r) {
                  case MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE -> NOT_VALID;
                  case EXPIRED -> EXPIRED;
                  case REVOKED -> WITHDRAWN;
                  case NOT_FOR_THIS -> NOT_FOR_THIS;
                })
        .orElse(NOT_VALID);
  }

  /** The message bundle prefix of the page's words, e.g. {@code refusal.expired}. */
  public String messagePrefix() {
    return "refusal." + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
