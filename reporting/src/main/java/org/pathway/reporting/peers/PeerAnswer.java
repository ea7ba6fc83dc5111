package org.pathway.reporting.peers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.streams.JourneySerde;

/**
 * What one instance answers another: the partitions it holds (in the {@value #PARTITIONS} header)
 * and their journeys (the body: a count, then each journey's length and its bytes as the store
 * keeps them).
 */
public record PeerAnswer(Set<Integer> partitions, List<Journey> journeys) {

  /** The header naming the partitions an answer holds, e.g. {@code 0,2}. */
  public static final String PARTITIONS = "Pathway-Partitions";

  private static final JourneySerde SERDE = new JourneySerde();

  /** The {@value #PARTITIONS} header's value. */
  public String partitionsHeader() {
    return partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /** The body. */
  public byte[] body() {
    var bytes = new ByteArrayOutputStream();
    try (var out = new DataOutputStream(bytes)) {
      out.writeInt(journeys.size());
      for (Journey j : journeys) {
        byte[] one = SERDE.serializer().serialize(null, j);
        out.writeInt(one.length);
        out.write(one);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads an answer back.
   *
   * @throws IllegalArgumentException when the header or body is not an answer
   */
  public static PeerAnswer read(String partitionsHeader, byte[] body) {
    Set<Integer> partitions = new TreeSet<>();
    try {
      if (partitionsHeader != null && !partitionsHeader.isBlank()) {
        Arrays.stream(partitionsHeader.split(","))
            .map(String::trim)
            .map(Integer::valueOf)
            .forEach(partitions::add);
      }
      var in = new DataInputStream(new ByteArrayInputStream(body));
      int count = in.readInt();
      List<Journey> journeys = new ArrayList<>(Math.min(count, 1 << 16));
      for (int i = 0; i < count; i++) {
        byte[] one = new byte[in.readInt()];
        in.readFully(one);
        journeys.add(SERDE.deserializer().deserialize(null, one));
      }
      return new PeerAnswer(partitions, journeys);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a reporting instance's answer: " + e.getMessage(), e);
    }
  }
}
