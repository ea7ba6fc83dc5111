package org.pathway.access.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pathway.access.scopes.ScopeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns one {@code clients:} entry of a clients file into a {@link RegisteredClient}. */
final class ClientEntry {

  private static final Logger LOG = LoggerFactory.getLogger(ClientEntry.class);

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Set<String> KEYS =
      Set.of(
          "client-id",
          "organization",
          "role",
          "kind",
          "scopes",
          "jwks",
          "jwks-uri",
          "area",
          "rate-limit");

  /** Referrers not saying what they are are taken to be GP practices, the common case. */
  static final String DEFAULT_REFERRER_KIND = "gp-practice";

  /**
   * The sorts of referrer Pathway knows, each carried as the referral's source: an organisation's
   * kind, or {@code self-referral} for the client that forwards people's own referrals (the
   * portal's form).
   */
  public static final Set<String> REFERRER_KINDS =
      Set.of(
          DEFAULT_REFERRER_KIND,
          "council",
          "police",
          "fire-and-rescue",
          "job-centre",
          "housing",
          "voluntary-organisation",
          "community-organisation",
          "pharmacy",
          "school",
          "self-referral");

  private static final int MIN_RSA_BITS = 2048;

  private ClientEntry() {}

  static RegisteredClient parse(JsonNode entry, String where) {
    if (entry == null || !entry.isObject()) {
      throw new IllegalArgumentException(where + ": expected a mapping with client-id, role, ...");
    }
    String clientId = text(entry, "client-id", where, true);
    String at = where + " (client-id '" + clientId + "')";
    warnOfUnknownKeys(entry, at);
    String organization = text(entry, "organization", at, true);
    Role role;
    try {
      role = Role.fromCode(text(entry, "role", at, true));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
    }
    String kind = text(entry, "kind", at, false);
    if (kind == null && role == Role.REFERRER) {
      kind = DEFAULT_REFERRER_KIND;
    }
    if (role == Role.REFERRER && !REFERRER_KINDS.contains(kind)) {
      // A mistyped kind would otherwise become an unknown source no triage rule matches.
      throw new IllegalArgumentException(
          at + ": kind '" + kind + "' is not one of " + new java.util.TreeSet<>(REFERRER_KINDS));
    }
    ScopeSet scopes = scopes(entry.get("scopes"), at);
    JsonNode jwksNode = entry.get("jwks");
    String jwksUriText = text(entry, "jwks-uri", at, false);
    if (jwksNode != null && jwksUriText != null) {
      throw new IllegalArgumentException(at + ": give either jwks or jwks-uri, not both");
    }
    JWKSet jwks = jwksNode == null ? null : jwks(jwksNode, at);
    URI jwksUri = jwksUriText == null ? null : jwksUri(jwksUriText, at);
    return new RegisteredClient(
        clientId,
        organization,
        role,
        kind,
        scopes,
        jwks,
        jwksUri,
        area(entry.get("area"), at),
        rateLimit(entry.get("rate-limit"), at));
  }

  private static void warnOfUnknownKeys(JsonNode entry, String at) {
    for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KEYS.contains(name)) {
        LOG.warn("{}: key '{}' is not one Pathway reads; it is ignored", at, name);
      }
    }
  }

  private static String text(JsonNode entry, String key, String at, boolean required) {
    JsonNode node = entry.get(key);
    if (node == null || node.isNull()) {
      if (required) {
        throw new IllegalArgumentException(at + ": '" + key + "' is missing");
      }
      return null;
    }
    if (!node.isValueNode() || node.asText().isBlank()) {
      throw new IllegalArgumentException(at + ": '" + key + "' must be a non-empty text");
    }
    return node.asText().trim();
  }

  private static ScopeSet scopes(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException(at + ": 'scopes' is missing");
    }
    List<String> listed = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(scope -> listed.add(scope.asText()));
    } else {
      listed.addAll(List.of(node.asText().trim().split("\\s+")));
    }
    try {
      return ScopeSet.of(listed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
    }
  }

  private static JWKSet jwks(JsonNode node, String at) {
    JWKSet set;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> json = JSON.convertValue(node, Map.class);
      set = JWKSet.parse(json);
    } catch (ParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ": jwks is not a JWK set: " + e.getMessage(), e);
    }
    if (set.getKeys().isEmpty()) {
      throw new IllegalArgumentException(at + ": jwks has no keys");
    }
    Set<String> kids = new HashSet<>();
    for (JWK key : set.getKeys()) {
      String kid = key.getKeyID();
      // A registry holds public keys only: a private half here means the secret has leaked.
      if (key.isPrivate()) {
        throw new IllegalArgumentException(
            at + ": jwks key '" + kid + "' holds private key material; register public keys only");
      }
      if (key.getKeyType() != KeyType.RSA && key.getKeyType() != KeyType.EC) {
        throw new IllegalArgumentException(
            at + ": jwks key '" + kid + "' is " + key.getKeyType() + "; only RSA and EC are used");
      }
      if (kid == null || kid.isBlank()) {
        throw new IllegalArgumentException(
            at + ": every jwks key needs a 'kid' (assertions name their key by it)");
      }
      if (!kids.add(kid)) {
        throw new IllegalArgumentException(at + ": jwks has kid '" + kid + "' twice");
      }
      if (key instanceof RSAKey rsa && rsa.size() < MIN_RSA_BITS) {
        throw new IllegalArgumentException(
            at + ": jwks key '" + kid + "' is " + rsa.size() + " bits; RSA keys need 2048 or more");
      }
    }
    return set;
  }

  private static URI jwksUri(String text, String at) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme();
      if (!uri.isAbsolute()
          || uri.getHost() == null
          || !("https".equals(scheme) || "http".equals(scheme))) {
        throw new IllegalArgumentException(at + ": jwks-uri must be an absolute http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(at + ": jwks-uri is not a URL: " + e.getMessage(), e);
    }
  }

  private static List<String> area(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(at + ": 'area' must be a list of organisations");
    }
    List<String> area = new ArrayList<>();
    node.forEach(org -> area.add(org.asText()));
    return List.copyOf(area);
  }

  private static Integer rateLimit(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() <= 0) {
      throw new IllegalArgumentException(
          at + ": 'rate-limit' must be a positive whole number of requests per second");
    }
    return node.asInt();
  }
}
