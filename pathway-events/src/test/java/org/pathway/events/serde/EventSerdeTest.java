package org.pathway.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.pathway.events.SampleEvents;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.serde.EventDecodingException.Reason;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;

class EventSerdeTest {

  private final EventSerializer serializer = new EventSerializer();
  private final EventDeserializer deserializer = new EventDeserializer();

  @Test
  void everyEventTypeSurvivesARoundTrip() {
    for (SpecificRecord event : SampleEvents.oneOfEach("ref-1")) {
      String topic = topicOf(event).name();
      var headers = new RecordHeaders();

      byte[] bytes = serializer.serialize(topic, headers, event);

      assertThat(deserializer.deserialize(topic, headers, bytes)).isEqualTo(event);
      assertThat(EventHeaders.get(headers, EventHeaders.EVENT_TYPE))
          .isEqualTo(event.getSchema().getFullName());
      assertThat(EventHeaders.get(headers, EventHeaders.CORRELATION_ID)).isEqualTo("corr-ref-1");
      assertThat(EventHeaders.get(headers, EventHeaders.ENCODING))
          .isEqualTo(EventHeaders.AVRO_SINGLE_OBJECT);
    }
  }

  @Test
  void everyDeserializerSharesTheCataloguesSchemasReadOnce() {
    // Given the catalogue's schemas, read for this class's deserializer
    ShippedSchemas first = ShippedSchemas.forCatalogue();

    // When another consumer asks for them, then it gets the same, not a second read
    assertThat(ShippedSchemas.forCatalogue()).isSameAs(first);
    // And they still hold every current event type
    for (SpecificRecord event : SampleEvents.oneOfEach("ref-1")) {
      long fingerprint = ShippedSchemas.fingerprint(event.getSchema());
      assertThat(first.find(fingerprint).type()).isEqualTo(event.getClass());
    }
  }

  @Test
  void writesAvroSingleObjectEncoding() throws Exception {
    var event = SampleEvents.referralReceived("ref-1");
    byte[] bytes = serializer.serialize(Topics.REFERRAL_EVENTS.name(), event);

    ByteBuffer avrosOwn = event.toByteBuffer();
    assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0xC3, 0x01);
    assertThat(ByteBuffer.wrap(bytes)).isEqualTo(avrosOwn);
  }

  @Test
  void refusesAnEventTypeTheCatalogueDoesNotAllowOnTheTopic() {
    var event = SampleEvents.referralReceived("ref-1");
    assertThatThrownBy(() -> serializer.serialize(Topics.ROUTING_DECISIONS.name(), event))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("ReferralReceived is not allowed on pathway.routing.decisions");
  }

  @Test
  void truncatedBytesRaiseTheTypedException() {
    byte[] bytes = serialize(SampleEvents.referralReceived("ref-1"));

    assertReason(Arrays.copyOf(bytes, bytes.length - 7), Reason.TRUNCATED);
    assertReason(Arrays.copyOf(bytes, 6), Reason.TRUNCATED);
    assertReason(new byte[0], Reason.TRUNCATED);
  }

  @Test
  void bytesWithoutTheSingleObjectMarkerRaiseTheTypedException() {
    assertReason("{\"not\":\"avro at all\"}".getBytes(), Reason.BAD_MARKER);
  }

  @Test
  void anUnknownFingerprintRaisesTheTypedException() {
    Schema stranger =
        SchemaBuilder.record("Stranger")
            .namespace("elsewhere")
            .fields()
            .requiredString("x")
            .endRecord();
    GenericRecord record = new GenericData.Record(stranger);
    record.put("x", "hello");

    assertReason(encode(stranger, record), Reason.UNKNOWN_FINGERPRINT);
  }

  @Test
  void leftOverBytesRaiseTheTypedException() {
    byte[] bytes = serialize(SampleEvents.referralReceived("ref-1"));
    assertReason(Arrays.copyOf(bytes, bytes.length + 3), Reason.MALFORMED);
  }

  @Test
  void garbageAfterAValidHeaderRaisesTheTypedException() {
    byte[] bytes = serialize(SampleEvents.referralReceived("ref-1"));
    for (int i = 10; i < bytes.length; i++) {
      bytes[i] = (byte) 0xFF;
    }
    assertThatThrownBy(() -> deserializer.deserialize("t", bytes))
        .isInstanceOf(EventDecodingException.class);
  }

  @Test
  void anEncodingThisReaderDoesNotSpeakRaisesTheTypedException() {
    var headers = new RecordHeaders();
    EventHeaders.put(headers, EventHeaders.ENCODING, "confluent-wire-format");
    byte[] bytes = serialize(SampleEvents.referralReceived("ref-1"));

    assertThatThrownBy(() -> deserializer.deserialize("t", headers, bytes))
        .isInstanceOfSatisfying(
            EventDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ENCODING));
  }

  @Test
  void readsARecordWrittenWithAnEarlierSchema() throws Exception {
    // given an earlier ReferralCancelled that still carried a free-text note
    Schema current = ReferralCancelled.getClassSchema();
    Schema earlier = withExtraField(current, "note");
    var schemas =
        ShippedSchemas.of(
            Topics.eventTypes(),
            List.of(new ShippedSchemas.Known(earlier, ReferralCancelled.class, "v0")));
    ReferralCancelled event = SampleEvents.referralCancelled("ref-9");
    GenericRecord today =
        new BinaryMessageDecoder<GenericRecord>(GenericData.get(), current)
            .decode(serialize(event), null);
    GenericRecord asWritten = new GenericData.Record(earlier);
    current.getFields().forEach(f -> asWritten.put(f.name(), today.get(f.name())));
    asWritten.put("note", "free text that was later dropped from the contract");

    // when today's deserializer reads it
    var read = new EventDeserializer(schemas).deserialize("t", encode(earlier, asWritten));

    // then it arrives as today's type, the dropped field ignored
    assertThat(read).isEqualTo(event);
  }

  @Test
  void readsATaskChangeWrittenBeforeScoresWereTyped() throws Exception {
    // given a completed Task's change as a v1 writer (no TaskOutput.score) wrote it
    TaskStatusChanged event = (TaskStatusChanged) SampleEvents.oneOfEach("ref-10").get(2);
    Schema v1 = ShippedSchemas.history(TaskStatusChanged.class).get(0).writer();
    var toV1 = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), v1);
    toV1.addSchema(TaskStatusChanged.getClassSchema());
    GenericRecord asWritten = toV1.decode(serialize(event), null);

    // when today's deserializer reads it
    var read = (TaskStatusChanged) deserializer.deserialize("t", encode(v1, asWritten));

    // then the output keeps its display and has no typed score
    assertThat(event.getOutputs().get(0).getScore()).isNotNull();
    assertThat(read.getOutputs())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getDisplay()).isEqualTo("SWEMWBS exit 24");
              assertThat(o.getScore()).isNull();
            });
  }

  private static Schema withExtraField(Schema schema, String name) {
    List<Schema.Field> fields = new ArrayList<>();
    schema.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    fields.add(new Schema.Field(name, Schema.create(Schema.Type.STRING), "a free-text note"));
    return Schema.createRecord(
        schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }

  private byte[] serialize(SpecificRecord event) {
    return serializer.serialize(topicOf(event).name(), event);
  }

  private void assertReason(byte[] bytes, Reason reason) {
    assertThatThrownBy(() -> deserializer.deserialize("pathway.referral.events", bytes))
        .isInstanceOfSatisfying(
            EventDecodingException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static Topic topicOf(SpecificRecord event) {
    return Topics.all().stream().filter(t -> t.accepts(event.getClass())).findFirst().orElseThrow();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static byte[] encode(Schema schema, Object datum) {
    var out = new ByteArrayOutputStream();
    try {
      new BinaryMessageEncoder(GenericData.get(), schema).encode(datum, out);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }
}
