package org.pathway.events.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.pathway.events.serde.EventDecodingException.Reason;

/**
 * Reads a Pathway event written with any shipped or current schema version, resolving it to the
 * current generated class. Bytes that cannot be read raise {@link EventDecodingException}, never a
 * null or a half-read record.
 */
public final class EventDeserializer implements Deserializer<SpecificRecord> {

  private static final byte MARKER_0 = (byte) 0xC3;
  private static final byte MARKER_1 = (byte) 0x01;
  private static final int HEADER_LENGTH = 10;

  private final ShippedSchemas schemas;
  private final Map<Long, SpecificDatumReader<SpecificRecord>> readers = new ConcurrentHashMap<>();

  /** Reads every event type in the topic catalogue. */
  public EventDeserializer() {
    this(ShippedSchemas.forCatalogue());
  }

  public EventDeserializer(ShippedSchemas schemas) {
    this.schemas = schemas;
  }

  @Override
  public SpecificRecord deserialize(String topic, Headers headers, byte[] data) {
    String encoding = EventHeaders.get(headers, EventHeaders.ENCODING);
    if (data != null && encoding != null && !encoding.equals(EventHeaders.AVRO_SINGLE_OBJECT)) {
      throw new EventDecodingException(
          Reason.UNSUPPORTED_ENCODING, "encoding '" + encoding + "' on " + topic, null);
    }
    return deserialize(topic, data);
  }

  @Override
  public SpecificRecord deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length < HEADER_LENGTH) {
      throw new EventDecodingException(
          Reason.TRUNCATED, data.length + " bytes is shorter than the single-object header", null);
    }
    if (data[0] != MARKER_0 || data[1] != MARKER_1) {
      throw new EventDecodingException(
          Reason.BAD_MARKER, String.format("starts %02X %02X, not C3 01", data[0], data[1]), null);
    }
    long fingerprint = ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    ShippedSchemas.Known known = schemas.find(fingerprint);
    if (known == null) {
      throw new EventDecodingException(
          Reason.UNKNOWN_FINGERPRINT,
          String.format("fingerprint %016X on %s matches no shipped schema", fingerprint, topic),
          null);
    }
    BinaryDecoder decoder =
        DecoderFactory.get().binaryDecoder(data, HEADER_LENGTH, data.length - HEADER_LENGTH, null);
    SpecificRecord event;
    try {
      event = readerFor(fingerprint, known).read(null, decoder);
    } catch (EOFException e) {
      throw new EventDecodingException(Reason.TRUNCATED, describe(known), e);
    } catch (IOException | RuntimeException e) {
      throw new EventDecodingException(Reason.MALFORMED, describe(known), e);
    }
    try {
      if (!decoder.isEnd()) {
        throw new EventDecodingException(
            Reason.MALFORMED, "bytes left over after " + describe(known), null);
      }
    } catch (IOException e) {
      throw new EventDecodingException(Reason.MALFORMED, describe(known), e);
    }
    return event;
  }

  private SpecificDatumReader<SpecificRecord> readerFor(
      long fingerprint, ShippedSchemas.Known known) {
    return readers.computeIfAbsent(
        fingerprint,
        f ->
            new SpecificDatumReader<>(
                known.writer(),
                ShippedSchemas.current(known.type()),
                SpecificData.getForClass(known.type())));
  }

  private static String describe(ShippedSchemas.Known known) {
    return known.type().getSimpleName() + " written with schema " + known.version();
  }
}
