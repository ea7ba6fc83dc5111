package org.pathway.router.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import org.pathway.access.links.LinkKeys;
import org.pathway.servicesettings.Setting;

/**
 * The signed links put in every message that asks for an answer ({@code pathway.links.*}).
 *
 * @param keys the link signing keys, {@code kid:base64url[,kid:base64url...]}; the first signs
 * @param portalUrl the portal's public base URL; a link is {@code {portalUrl}/l/{token}}
 * @param lifetime how long a link works after the event that caused it
 */
@ConfigurationProperties("pathway.links")
public record LinksConfig(String keys, String portalUrl, Duration lifetime) {

  private static final Setting KEYS = Setting.of("pathway.links.keys", "PATHWAY_LINK_KEYS");
  private static final Setting PORTAL_URL = Setting.of("pathway.links.portal-url", "PORTAL_URL");
  private static final Setting LIFETIME = Setting.of("pathway.links.lifetime", "LINK_LIFETIME");

  public LinksConfig {
    parseKeys(keys);
    portalUrl = base(PORTAL_URL.notBlank(portalUrl));
    LIFETIME.positive(lifetime);
  }

  /** The parsed keys; the record only ever holds them as configured. */
  public LinkKeys linkKeys() {
    return parseKeys(keys);
  }

  // A record's own toString would print the secrets into any log that shows the configuration.
  @Override
  public String toString() {
    return "LinksConfig[keys=<"
        + linkKeys().signingKeyId()
        + " first>, portalUrl="
        + portalUrl
        + ", lifetime="
        + Setting.show(lifetime)
        + "]";
  }

  private static LinkKeys parseKeys(String keys) {
    try {
      return LinkKeys.parse(keys);
    } catch (IllegalArgumentException e) {
      // LinkKeys never echoes a secret in its messages.
      throw KEYS.invalid("is wrong: " + e.getMessage());
    }
  }

  /** An absolute http(s) URL with no query or fragment, without a trailing slash. */
  private static String base(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw PORTAL_URL.invalid("is '" + url + "', which is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || uri.getQuery() != null
        || uri.getFragment() != null) {
      throw PORTAL_URL.invalid(
          "must be an absolute http(s) URL with no query or fragment (e.g."
              + " https://portal.example.org), not '"
              + url
              + "'");
    }
    return uri.toString().replaceAll("/+$", "");
  }
}
