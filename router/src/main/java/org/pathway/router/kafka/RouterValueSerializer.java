package org.pathway.router.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.pathway.events.serde.EventSerializer;

/**
 * Events through Pathway's serde (which refuses a type the topic does not allow); dead letters as
 * the original bytes, untouched.
 */
public final class RouterValueSerializer implements Serializer<Object> {

  private final EventSerializer events = new EventSerializer();

  @Override
  public byte[] serialize(String topic, Object value) {
    return value instanceof byte[] bytes ? bytes : events.serialize(topic, (SpecificRecord) value);
  }

  @Override
  public byte[] serialize(String topic, Headers headers, Object value) {
    return value instanceof byte[] bytes
        ? bytes
        : events.serialize(topic, headers, (SpecificRecord) value);
  }
}
