package org.pathway.fhiradapter.http;

import java.util.concurrent.ThreadLocalRandom;

/** Random letters and digits for ids that identify but do not protect anything. */
final class RandomIds {

  private static final char[] ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private RandomIds() {}

  static String alphanumeric(int length) {
    var random = ThreadLocalRandom.current();
    char[] id = new char[length];
    for (int i = 0; i < length; i++) {
      id[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
    }
    return new String(id);
  }
}
