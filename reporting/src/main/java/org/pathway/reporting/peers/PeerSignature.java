package org.pathway.reporting.peers;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The proof a call between reporting instances carries: {@code t=<epoch seconds>,v1=<hex
 * HMAC-SHA256(secret, "pathway-reporting-peer:" + t + ":" + path)>} in the {@value #HEADER} header.
 * Only an instance holding the shared secret makes one; it is good for {@link #TOLERANCE} either
 * side of the receiver's clock and for that one path.
 */
public final class PeerSignature {

  /** The header the proof travels in. */
  public static final String HEADER = "Pathway-Peer-Signature";

  /** How far a proof's time may be from the receiver's clock. */
  static final Duration TOLERANCE = Duration.ofSeconds(60);

  private final byte[] secret;

  public PeerSignature(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("a peer secret is required");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The header value for a call to {@code path} at {@code now}. */
  public String sign(String path, Instant now) {
    long t = now.getEpochSecond();
    return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(t, path));
  }

  /** Why {@code header} does not prove a peer's call to {@code path} at {@code now}, or null. */
  public String problem(String header, String path, Instant now) {
    if (header == null) {
      return "no peer signature";
    }
    String[] parts = header.split(",", -1);
    if (parts.length != 2 || !parts[0].startsWith("t=") || !parts[1].startsWith("v1=")) {
      return "a malformed peer signature";
    }
    long t;
    byte[] given;
    try {
      t = Long.parseLong(parts[0].substring(2));
      given = HexFormat.of().parseHex(parts[1].substring(3));
    } catch (IllegalArgumentException e) {
      return "a malformed peer signature";
    }
    if (Math.abs(now.getEpochSecond() - t) > TOLERANCE.toSeconds()) {
      return "a peer signature out of its time";
    }
    return MessageDigest.isEqual(given, mac(t, path)) ? null : "a peer signature that is not valid";
  }

  private byte[] mac(long t, String path) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(
          ("pathway-reporting-peer:" + t + ":" + path).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
