package org.pathway.reporting.streams;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.pathway.reporting.journey.Exit;
import org.pathway.reporting.journey.ExitMark;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.Mark;
import org.pathway.reporting.journey.Profile;
import org.pathway.reporting.journey.Score;
import org.pathway.reporting.journey.Step;

/**
 * Journeys in the state store and its changelog, in a compact binary form written and read field by
 * field. Every event reads and rewrites its referral's whole journey, so this is on the hot path:
 * under benchmark B10 the JSON it replaced (Jackson over the records) took 28 % of the stream
 * thread's CPU. The first byte is the format: {@value #BINARY_V1} for this one, {@code '{'} for a
 * JSON journey written by an earlier version, which is still read, so a changelog or state
 * directory from before restores as it is.
 *
 * <p>Format 1: the referral id, the root Task id, the profile's ten fields, the steps (count, then
 * step, time, actor), the exit (flag, then kind, step, time, actor), the did-not-attend time, the
 * scores (count, then instrument, timing, score, time, observation id). Strings are Java's modified
 * UTF-8 behind a presence flag; a newer field goes at the end under a new format byte.
 */
public final class JourneySerde implements Serde<Journey> {

  /** The first byte of a journey in format 1. */
  static final byte BINARY_V1 = 1;

  private static final ObjectMapper LEGACY_JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final Step[] STEPS = Step.values();
  private static final Exit[] EXITS = Exit.values();

  @Override
  public Serializer<Journey> serializer() {
    return (topic, journey) -> journey == null ? null : write(journey);
  }

  @Override
  public Deserializer<Journey> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        if (bytes.length > 0 && bytes[0] == '{') {
          return LEGACY_JSON.readValue(bytes, Journey.class);
        }
        return read(bytes);
      } catch (IOException | RuntimeException e) {
        throw new SerializationException("a journey on " + topic, e);
      }
    };
  }

  static byte[] write(Journey j) {
    JourneyBytes out = new JourneyBytes();
    out.writeByte(BINARY_V1);
    out.writeString(j.referralId());
    out.writeString(j.rootTaskId());
    Profile p = j.profile();
    out.writeString(p.practice());
    out.writeString(p.pcn());
    out.writeString(p.pathway());
    out.writeString(p.source());
    out.writeString(p.linkWorkerService());
    out.writeString(p.group());
    out.writeString(p.sex());
    out.writeString(p.ethnicCategory());
    out.writeString(p.ageBand());
    out.writeInt(p.deprivationDecile() == null ? -1 : p.deprivationDecile());
    out.writeByte(j.steps().size());
    for (Step s : STEPS) {
      Mark m = j.steps().get(s);
      if (m != null) {
        out.writeByte(s.ordinal());
        out.writeLong(m.at());
        out.writeString(m.actor());
      }
    }
    ExitMark exit = j.exit();
    out.writeBoolean(exit != null);
    if (exit != null) {
      out.writeByte(exit.kind().ordinal());
      out.writeByte(exit.after().ordinal());
      out.writeLong(exit.at());
      out.writeString(exit.actor());
    }
    out.writeBoolean(j.didNotAttendAt() != null);
    if (j.didNotAttendAt() != null) {
      out.writeLong(j.didNotAttendAt());
    }
    out.writeInt(j.scores().size());
    for (Score s : j.scores()) {
      out.writeString(s.instrument());
      out.writeString(s.timing());
      out.writeLong(Double.doubleToLongBits(s.score()));
      out.writeLong(s.effectiveAt());
      out.writeString(s.observationId());
    }
    return out.toByteArray();
  }

  static Journey read(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    byte format = in.readByte();
    if (format != BINARY_V1) {
      throw new IOException("unknown journey format " + format);
    }
    String referralId = string(in);
    String rootTaskId = string(in);
    Profile profile =
        new Profile(
            string(in),
            string(in),
            string(in),
            string(in),
            string(in),
            string(in),
            string(in),
            string(in),
            string(in),
            decile(in.readInt()));
    Map<Step, Mark> steps = new EnumMap<>(Step.class);
    int stepCount = in.readUnsignedByte();
    for (int i = 0; i < stepCount; i++) {
      Step step = STEPS[in.readUnsignedByte()];
      steps.put(step, new Mark(in.readLong(), string(in)));
    }
    ExitMark exit = null;
    if (in.readBoolean()) {
      exit =
          new ExitMark(
              EXITS[in.readUnsignedByte()],
              STEPS[in.readUnsignedByte()],
              in.readLong(),
              string(in));
    }
    Long didNotAttendAt = in.readBoolean() ? in.readLong() : null;
    int scoreCount = in.readInt();
    List<Score> scores = new ArrayList<>(scoreCount);
    for (int i = 0; i < scoreCount; i++) {
      scores.add(new Score(string(in), string(in), in.readDouble(), in.readLong(), string(in)));
    }
    return new Journey(referralId, rootTaskId, profile, steps, exit, didNotAttendAt, scores);
  }

  private static Integer decile(int value) {
    return value < 0 ? null : value;
  }

  private static String string(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
