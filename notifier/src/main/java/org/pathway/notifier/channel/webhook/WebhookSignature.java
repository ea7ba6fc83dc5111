package org.pathway.notifier.channel.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signing scheme: {@code X-Pathway-Signature: sha256=<hex>} where hex is
 * HMAC-SHA256(secret, timestamp + "." + body), and {@code X-Pathway-Timestamp} is the epoch second
 * of sending, so a receiver can refuse replays outside its tolerance window.
 */
public final class WebhookSignature {

  public static final String SIGNATURE_HEADER = "X-Pathway-Signature";
  public static final String TIMESTAMP_HEADER = "X-Pathway-Timestamp";
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  private WebhookSignature() {}

  public static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) '.');
      mac.update(body);
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is always present", e);
    }
  }

  /** Constant-time check of a received signature. */
  public static boolean verify(String secret, String timestamp, byte[] body, String signature) {
    if (signature == null || timestamp == null) {
      return false;
    }
    byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
  }
}
