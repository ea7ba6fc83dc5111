package org.pathway.reporting.streams;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.pathway.reporting.journey.Journey;

/**
 * Journeys in the state store and its changelog, as JSON: readable when an operator inspects the
 * changelog, and tolerant of fields a newer version adds (unknown properties are ignored).
 */
public final class JourneySerde implements Serde<Journey> {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @Override
  public Serializer<Journey> serializer() {
    return (topic, journey) -> {
      if (journey == null) {
        return null;
      }
      try {
        return JSON.writeValueAsBytes(journey);
      } catch (IOException e) {
        throw new SerializationException("journey " + journey.referralId(), e);
      }
    };
  }

  @Override
  public Deserializer<Journey> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return JSON.readValue(bytes, Journey.class);
      } catch (IOException e) {
        throw new SerializationException("a journey on " + topic, e);
      }
    };
  }
}
