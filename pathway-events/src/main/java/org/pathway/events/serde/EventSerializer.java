package org.pathway.events.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.topics.Topics;

/**
 * Writes a Pathway event as Avro single-object encoding and stamps the contract headers: encoding,
 * event type, event id and correlation id. Refuses an event type the catalogue does not allow on
 * the topic, so a wiring mistake fails at the producer instead of poisoning a consumer.
 */
public final class EventSerializer implements Serializer<SpecificRecord> {

  private final Map<Class<?>, BinaryMessageEncoder<SpecificRecord>> encoders =
      new ConcurrentHashMap<>();

  @Override
  public byte[] serialize(String topic, SpecificRecord event) {
    if (event == null) {
      return null;
    }
    Topics.named(topic)
        .filter(t -> !t.accepts(event.getClass()))
        .ifPresent(
            t -> {
              throw new SerializationException(
                  event.getClass().getSimpleName() + " is not allowed on " + t.name());
            });
    var out = new ByteArrayOutputStream(256);
    try {
      encoderFor(event).encode(event, out);
    } catch (IOException e) {
      throw new SerializationException("cannot encode " + event.getClass().getSimpleName(), e);
    }
    return out.toByteArray();
  }

  @Override
  public byte[] serialize(String topic, Headers headers, SpecificRecord event) {
    byte[] bytes = serialize(topic, event);
    if (event != null) {
      String type = event.getSchema().getFullName();
      if (envelopeOf(event) instanceof EventEnvelope envelope) {
        EventHeaders.stamp(
            headers, type, envelope.getEventId().toString(), envelope.getCorrelationId());
      } else {
        EventHeaders.stamp(headers, type, null, null);
      }
    }
    return bytes;
  }

  private BinaryMessageEncoder<SpecificRecord> encoderFor(SpecificRecord event) {
    return encoders.computeIfAbsent(
        event.getClass(),
        type -> new BinaryMessageEncoder<>(SpecificData.getForClass(type), event.getSchema()));
  }

  private static Object envelopeOf(SpecificRecord event) {
    var field = event.getSchema().getField("envelope");
    return field == null ? null : event.get(field.pos());
  }
}
