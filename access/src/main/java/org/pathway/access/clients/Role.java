package org.pathway.access.clients;

import java.util.Arrays;

/** What kind of party a registered client is; decides which Tasks it may see and change. */
public enum Role {
  REFERRER("referrer"),
  LINK_WORKER_SERVICE("link-worker-service"),
  COMMUNITY_GROUP("community-group"),
  HUB("hub"),
  COMMISSIONER("commissioner"),
  EVALUATOR("evaluator"),
  OPERATOR("operator"),
  /**
   * The people's pages: acts only through a signed link, as the link's recipient, on the link's
   * Task.
   */
  PORTAL("portal");

  private final String code;

  Role(String code) {
    this.code = code;
  }

  /** The role as written in a clients file, e.g. {@code link-worker-service}. */
  public String code() {
    return code;
  }

  /** The role named {@code code} in a clients file. */
  public static Role fromCode(String code) {
    return Arrays.stream(values())
        .filter(r -> r.code.equals(code))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown role '"
                        + code
                        + "'; one of "
                        + Arrays.stream(values()).map(Role::code).toList()));
  }
}
