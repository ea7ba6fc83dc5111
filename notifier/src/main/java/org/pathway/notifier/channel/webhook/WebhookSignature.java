package org.pathway.notifier.channel.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signing scheme, version 1: {@code X-Pathway-Signature: v1=<hex>} where hex is
 * HMAC-SHA256(secret, timestamp + "." + idempotencyKey + "." + body), {@code X-Pathway-Timestamp}
 * the epoch second of sending and {@code Idempotency-Key} the delivery's key. Signing the key and
 * the timestamp with the body means neither can be swapped; a receiver refuses timestamps more than
 * {@link #TOLERANCE} from its clock, so a captured call cannot be replayed later. The notifier
 * README shows receivers how to check it.
 */
public final class WebhookSignature {

  public static final String SIGNATURE_HEADER = "X-Pathway-Signature";
  public static final String TIMESTAMP_HEADER = "X-Pathway-Timestamp";
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  /** The scheme's label in the signature header; a new scheme gets a new one, side by side. */
  public static final String VERSION = "v1";

  /** How far a timestamp may be from the receiver's clock. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private WebhookSignature() {}

  /** The signature header's value for one call. */
  public static String sign(String secret, String timestamp, String idempotencyKey, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) '.');
      mac.update(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) '.');
      mac.update(body);
      return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is always present", e);
    }
  }

  /**
   * A receiver's check: the timestamp within {@link #TOLERANCE} of {@code now}, and one of the
   * header's comma-separated signatures equal (in constant time) to the {@code v1} one.
   */
  public static boolean verify(
      String secret,
      String timestamp,
      String idempotencyKey,
      byte[] body,
      String signatureHeader,
      Instant now) {
    if (timestamp == null || idempotencyKey == null || signatureHeader == null) {
      return false;
    }
    long sent;
    try {
      sent = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - sent) > TOLERANCE.toSeconds()) {
      return false;
    }
    byte[] expected =
        sign(secret, timestamp, idempotencyKey, body).getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (String candidate : signatureHeader.split(",")) {
      // Every candidate is compared, so timing does not tell which one matched.
      match |= MessageDigest.isEqual(expected, candidate.trim().getBytes(StandardCharsets.UTF_8));
    }
    return match;
  }

  /** {@link #verify} with the three headers read from {@code header} (any case, or null). */
  public static boolean verify(
      String secret, Function<String, String> header, byte[] body, Instant now) {
    return verify(
        secret,
        header.apply(TIMESTAMP_HEADER),
        header.apply(IDEMPOTENCY_HEADER),
        body,
        header.apply(SIGNATURE_HEADER),
        now);
  }
}
