package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import org.pathway.access.links.LinkKeys;
import org.pathway.servicesettings.Setting;

/**
 * The signed links the portal acts on ({@code pathway.links.*}): the keys that verify them. Only
 * the keys matter here; the portal base and link lifetime are the router's and the portal's.
 *
 * @param keys {@code kid:secret[,kid:secret...]} (base64url, at least 32 bytes each), the same
 *     setting as the router's: the first signs, all verify. Required when access control is on and
 *     a client with role {@code portal} is registered
 */
@ConfigurationProperties("pathway.links")
public record LinksConfig(@Nullable String keys) {

  static final Setting KEYS = Setting.of("pathway.links.keys", "PATHWAY_LINK_KEYS");

  public LinksConfig {
    keys = KEYS.optional(keys).trim();
    if (!keys.isEmpty()) {
      try {
        LinkKeys.parse(keys);
      } catch (IllegalArgumentException e) {
        throw KEYS.invalid("is not usable: " + e.getMessage());
      }
    }
  }

  /**
   * The link keys; stops start-up naming the setting when there are none, for a portal client is
   * registered and could act on nothing.
   */
  public LinkKeys requireKeys() {
    if (keys.isEmpty()) {
      throw KEYS.invalid(
          "must be set: a client with role portal is registered, and its calls carry signed links"
              + " (kid:secret, base64url of at least 32 bytes; the router's setting)");
    }
    return LinkKeys.parse(keys);
  }
}
