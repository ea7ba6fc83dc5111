package org.pathway.portal.pages;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token each self-referral form carries: a fresh nonce and the time it was shown, signed with
 * the portal's form secret (HMAC-SHA256). Only a form this portal rendered, recently, is accepted
 * (no forged cross-site post, no replay of an old page), and the nonce makes the referral's
 * reference and request id, so a form sent twice is one referral.
 */
public final class FormTokens {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final byte[] secret;
  private final Duration lifetime;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param secret at least 32 bytes
   * @param lifetime how long a shown form may be sent
   */
  public FormTokens(byte[] secret, Duration lifetime) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("a form secret needs at least 32 bytes");
    }
    this.secret = secret.clone();
    this.lifetime = lifetime;
  }

  /** A token for a form shown at {@code now}. */
  public String issue(Instant now) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    String body = B64.encodeToString(nonce) + "." + now.getEpochSecond();
    return body + "." + mac(body);
  }

  /**
   * The token's nonce when it is one this portal issued and the form is still fresh at {@code now};
   * empty for anything else (forged, altered, expired, from the future, malformed).
   */
  public Optional<String> check(String token, Instant now) {
    if (token == null || token.length() > 200) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      return Optional.empty();
    }
    String body = parts[0] + "." + parts[1];
    if (!MessageDigest.isEqual(
        mac(body).getBytes(StandardCharsets.US_ASCII),
        parts[2].getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    Instant shown;
    try {
      shown = Instant.ofEpochSecond(Long.parseLong(parts[1]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (shown.isAfter(now.plusSeconds(60)) || shown.plus(lifetime).isBefore(now)) {
      return Optional.empty();
    }
    return Optional.of(parts[0]);
  }

  private String mac(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return B64.encodeToString(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** A random secret, for a portal given none (forms then die with a restart). */
  public static byte[] randomSecret() {
    byte[] s = new byte[32];
    new SecureRandom().nextBytes(s);
    return s;
  }

  /** The secret in a setting: base64url of at least 32 bytes. */
  public static byte[] decodeSecret(String setting) {
    return B64D.decode(setting.strip().replaceAll("=+$", ""));
  }
}
