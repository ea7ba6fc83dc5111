package org.pathway.reporting.export;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A study's pseudonyms: HMAC-SHA256 under a key derived for the study from the configured secret
 * (itself an HMAC of the study's name). The same referral has the same pseudonym in every file of
 * one study, and unrelated ones in two studies, so studies cannot be linked; without the secret a
 * pseudonym cannot be turned back or recomputed from a guessed identifier. Plain Java.
 */
public final class Pseudonyms {

  private static final String HMAC = "HmacSHA256";

  private final byte[] studyKey;

  public Pseudonyms(String secret, String study) {
    this.studyKey = hmac(secret.getBytes(StandardCharsets.UTF_8), "pathway-study:" + study);
  }

  /** The pseudonym of {@code identifier} in this study: 32 hex characters (128 bits). */
  public String of(String identifier) {
    return HexFormat.of().formatHex(hmac(studyKey, identifier), 0, 16);
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java 17", e);
    }
  }
}
