package org.pathway.notifier.channel;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The rule for every URL taken from directory data (webhook, FHIR back-channel) before anything is
 * sent to it: absolute, https (http only when the operator allows it, in dev mode), a host and no
 * user info, and, when the operator lists allowed hosts, one of them. A refusal is permanent: the
 * delivery fails, is dead-lettered and alerted, and nothing is sent.
 */
public final class OutboundPolicy {

  private final boolean allowHttp;
  private final List<String> allowedHosts;

  /**
   * @param allowHttp whether plain http is allowed (dev mode)
   * @param allowedHosts {@code host}, {@code host:port} or {@code *.domain}; empty allows any host
   */
  public OutboundPolicy(boolean allowHttp, List<String> allowedHosts) {
    this.allowHttp = allowHttp;
    this.allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
  }

  /** The URL {@code address} names, if it may be called; a permanent failure otherwise. */
  public URI destination(String address) throws SendFailure {
    URI uri;
    try {
      uri = new URI(address == null ? "" : address.trim());
    } catch (URISyntaxException e) {
      throw refused(address, "not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw refused(address, "not an absolute URL with a host");
    }
    if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
      throw refused(
          address,
          allowHttp
              ? "only http and https are allowed"
              : "only https is allowed (http only in dev mode: OUTBOUND_ALLOW_HTTP)");
    }
    if (uri.getRawUserInfo() != null) {
      throw refused(address, "credentials in a URL are never sent");
    }
    if (!allowedHosts.isEmpty() && allowedHosts.stream().noneMatch(a -> matches(a, uri))) {
      throw refused(address, "host " + uri.getHost() + " is not in OUTBOUND_ALLOWED_HOSTS");
    }
    return uri;
  }

  /**
   * Whether {@code uri} is on {@code host} ({@code name}, {@code name:port} or {@code *.domain}).
   */
  public static boolean matches(String host, URI uri) {
    String target = uri.getHost().toLowerCase(Locale.ROOT);
    String pattern = host.toLowerCase(Locale.ROOT);
    int colon = pattern.lastIndexOf(':');
    if (colon > 0) {
      if (port(uri) != Integer.parseInt(pattern.substring(colon + 1))) {
        return false;
      }
      pattern = pattern.substring(0, colon);
    }
    if (pattern.startsWith("*.")) {
      return target.endsWith(pattern.substring(1));
    }
    return target.equals(pattern);
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static SendFailure refused(String address, String why) {
    return SendFailure.permanentFailure("refused URL '" + address + "': " + why, null);
  }
}
