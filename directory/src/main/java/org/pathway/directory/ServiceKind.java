package org.pathway.directory;

import org.pathway.events.avro.ActorKind;

/** What part a directory entry plays in the referral chain. */
public enum ServiceKind {
  LINK_WORKER_SERVICE("link-worker-service", ActorKind.LINK_WORKER_SERVICE),
  COMMUNITY_GROUP("community-group", ActorKind.COMMUNITY_GROUP),
  GP_PRACTICE("gp-practice", ActorKind.GP_PRACTICE),
  HUB("hub", ActorKind.HUB);

  private final String code;
  private final ActorKind actorKind;

  ServiceKind(String code, ActorKind actorKind) {
    this.code = code;
    this.actorKind = actorKind;
  }

  /** The taxonomy code the feed uses for this kind (vocabulary {@code pathway-service-kind}). */
  public String code() {
    return code;
  }

  public ActorKind actorKind() {
    return actorKind;
  }

  /** The kind for a feed code, or null when the code is not one of ours. */
  public static ServiceKind fromCode(String code) {
    for (ServiceKind kind : values()) {
      if (kind.code.equalsIgnoreCase(code)) {
        return kind;
      }
    }
    return null;
  }
}
