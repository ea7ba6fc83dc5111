package org.pathway.fhiradapter.ids;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs from a strong generator of each thread's own. {@code UUID.randomUUID}
 * draws from one generator shared by the whole JVM, each draw under one lock, so every request
 * thread and committer minting a referral's ids queued there under load. A resource's id is in its
 * URL, so it stays unguessable: each thread's generator is a DRBG seeded by the platform.
 */
public final class RandomUuids {

  private static final ThreadLocal<SecureRandom> GENERATOR =
      ThreadLocal.withInitial(RandomUuids::generator);

  private RandomUuids() {}

  /** A new random UUID. */
  public static UUID next() {
    byte[] bytes = new byte[16];
    GENERATOR.get().nextBytes(bytes);
    bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
    bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // the variant of RFC 9562
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (bytes[i] & 0xff);
      low = (low << 8) | (bytes[i + 8] & 0xff);
    }
    return new UUID(high, low);
  }

  /** A new random UUID in its usual text form, as resource and event ids are written. */
  public static String nextString() {
    return next().toString();
  }

  private static SecureRandom generator() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
