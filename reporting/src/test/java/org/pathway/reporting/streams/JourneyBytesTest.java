package org.pathway.reporting.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class JourneyBytesTest {

  @Test
  void writesExactlyTheBytesDataOutputStreamWrites() throws IOException {
    // given numbers at their edges and strings of every width modified UTF-8 has: ASCII, NUL
    // (two bytes there), Latin, the euro sign (three), an emoji (a surrogate pair), empty, absent
    String[] strings = {
      "A81001", "", "a\u0000b", "Zoë", "€5", "\uD83D\uDE00", null, "x".repeat(300)
    };
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    DataOutputStream reference = new DataOutputStream(expected);
    JourneyBytes out = new JourneyBytes();

    // when each writes the same values
    for (int v : new int[] {0, 1, -1, 255, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      reference.writeByte(v);
      out.writeByte(v);
      reference.writeInt(v);
      out.writeInt(v);
    }
    for (long v : new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1_767_603_600_000L}) {
      reference.writeLong(v);
      out.writeLong(v);
    }
    reference.writeBoolean(true);
    out.writeBoolean(true);
    reference.writeBoolean(false);
    out.writeBoolean(false);
    for (String s : strings) {
      reference.writeBoolean(s != null);
      out.writeString(s);
      if (s != null) {
        reference.writeUTF(s);
      }
    }
    reference.flush();

    // then the bytes are the same, so journeys stored before read unchanged
    assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void aStringLongerThanTheFormatHoldsIsRefused() {
    // given a string whose modified UTF-8 is over 65,535 bytes (writeUTF refuses it too)
    String tooLong = "€".repeat(21_846);

    // when written, then refused rather than written with a wrapped length
    assertThatThrownBy(() -> new JourneyBytes().writeString(tooLong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("65535");
  }
}
