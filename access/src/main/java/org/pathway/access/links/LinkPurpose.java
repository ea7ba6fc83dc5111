package org.pathway.access.links;

import java.util.Arrays;
import org.pathway.access.clients.Role;

/** What a signed link lets its recipient do, and the role they act in while doing it. */
public enum LinkPurpose {
  /** A link worker answers a referral routed to their service and works it. */
  LINK_WORKER("link-worker", Role.LINK_WORKER_SERVICE),
  /** A group's facilitator answers an onward referral, records attendance and capacity. */
  FACILITATOR("facilitator", Role.COMMUNITY_GROUP),
  /**
   * A person who referred themselves sees where their referral is (and may withdraw their consent
   * for it, nothing else), as the client that forwarded it: the recipient is that forwarding
   * organisation, the requester of their Task.
   */
  REFERRAL_STATUS("referral-status", Role.REFERRER);

  private final String code;
  private final Role actsAs;

  LinkPurpose(String code, Role actsAs) {
    this.code = code;
    this.actsAs = actsAs;
  }

  /** The purpose as written in a link, e.g. {@code facilitator}. */
  public String code() {
    return code;
  }

  /** The role the link's recipient organisation acts in. */
  public Role actsAs() {
    return actsAs;
  }

  /** The purpose a link names, or empty for a code no purpose has. */
  public static java.util.Optional<LinkPurpose> fromCode(String code) {
    return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
  }
}
