package org.pathway.reporting.streams;

import java.util.Arrays;

/**
 * The bytes {@link java.io.DataOutputStream} would write (big-endian numbers, strings as a presence
 * flag then {@code writeUTF}'s length and modified UTF-8), into one growing array. The journey is
 * serialised on every store put, so on B10's stream thread {@code DataOutputStream} and its {@code
 * writeUTF} (which measures each string, copies it into a scratch array, then copies that again)
 * were 9 % of the samples; the format, and so every stored journey, is unchanged.
 */
final class JourneyBytes {

  private byte[] buf = new byte[256];
  private int size;

  void writeByte(int v) {
    ensure(1);
    buf[size++] = (byte) v;
  }

  void writeBoolean(boolean v) {
    writeByte(v ? 1 : 0);
  }

  void writeInt(int v) {
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  void writeLong(long v) {
    writeInt((int) (v >>> 32));
    writeInt((int) v);
  }

  /** A presence flag, then, for a string, {@code DataOutputStream.writeUTF}'s bytes. */
  void writeString(String value) {
    writeBoolean(value != null);
    if (value == null) {
      return;
    }
    int chars = value.length();
    // Modified UTF-8: U+0001..U+007F one byte, U+0000 and up to U+07FF two, the rest three
    // (a surrogate pair is two chars of three bytes each, as writeUTF writes it).
    int encoded = chars;
    for (int i = 0; i < chars; i++) {
      char c = value.charAt(i);
      if (c == 0 || c > 0x7F) {
        encoded += c > 0x7FF ? 2 : 1;
      }
    }
    if (encoded > 0xFFFF) {
      throw new IllegalArgumentException(
          "a journey string of " + encoded + " bytes exceeds the format's 65535");
    }
    ensure(2 + encoded);
    buf[size++] = (byte) (encoded >>> 8);
    buf[size++] = (byte) encoded;
    for (int i = 0; i < chars; i++) {
      char c = value.charAt(i);
      if (c != 0 && c <= 0x7F) {
        buf[size++] = (byte) c;
      } else if (c <= 0x7FF) {
        buf[size++] = (byte) (0xC0 | (c >> 6));
        buf[size++] = (byte) (0x80 | (c & 0x3F));
      } else {
        buf[size++] = (byte) (0xE0 | (c >> 12));
        buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[size++] = (byte) (0x80 | (c & 0x3F));
      }
    }
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
