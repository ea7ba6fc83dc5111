package org.pathway.events.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.topics.Topics;

class CompatibilityGateTest {

  @Test
  void everyCurrentSchemaIsCompatibleBothWaysWithEveryShippedVersion() {
    for (Class<? extends SpecificRecord> type : Topics.eventTypes()) {
      assertThat(ShippedSchemas.history(type))
          .as("shipped versions of %s (run ship-schemas when releasing)", type.getSimpleName())
          .isNotEmpty();
      assertThat(
              CompatibilityGate.problems(
                  ShippedSchemas.current(type), ShippedSchemas.history(type)))
          .as(type.getSimpleName())
          .isEmpty();
    }
  }

  @Test
  void acceptsANewOptionalFieldWithADefault() {
    Schema changed =
        change(ReferralReceived.class, fields -> add(fields, optional("preferredLanguage")));
    assertThat(gate(ReferralReceived.class, changed)).isEmpty();
  }

  @Test
  void acceptsANewEnumSymbolBecauseOldReadersFallBackToTheDefault() {
    Schema changed =
        Schema.parse(
            TaskStatusChanged.getClassSchema()
                .toString()
                .replace(
                    "\"ENTERED_IN_ERROR\",\"UNKNOWN\"",
                    "\"ENTERED_IN_ERROR\",\"READY\",\"UNKNOWN\""));
    assertThat(changed.toString()).contains("READY");
    assertThat(gate(TaskStatusChanged.class, changed)).isEmpty();
  }

  @Test
  void rejectsANewFieldWithoutADefault() {
    Schema changed =
        change(
            ReferralReceived.class,
            fields ->
                add(
                    fields,
                    new Schema.Field(
                        "consentRecorded", Schema.create(Schema.Type.BOOLEAN), "no default")));
    assertThat(gate(ReferralReceived.class, changed))
        .anySatisfy(
            p -> assertThat(p).contains("current cannot read v1").contains("consentRecorded"));
  }

  @Test
  void rejectsARemovedFieldThatOldReadersNeed() {
    Schema changed = change(ReferralReceived.class, fields -> remove(fields, "taskId"));
    assertThat(gate(ReferralReceived.class, changed))
        .anySatisfy(p -> assertThat(p).contains("v1 cannot read current").contains("taskId"));
  }

  @Test
  void rejectsAChangedFieldType() {
    Schema changed =
        change(
            TaskStatusChanged.class,
            fields -> retype(fields, "taskVersion", Schema.create(Schema.Type.STRING)));
    assertThat(gate(TaskStatusChanged.class, changed)).isNotEmpty();
  }

  @Test
  void rejectsARenamedRecord() {
    Schema current = ReferralReceived.getClassSchema();
    Schema renamed =
        Schema.createRecord(
            "ReferralArrived",
            current.getDoc(),
            current.getNamespace(),
            false,
            copy(current.getFields()));
    assertThat(gate(ReferralReceived.class, renamed)).isNotEmpty();
  }

  private static List<String> gate(Class<? extends SpecificRecord> type, Schema candidate) {
    return CompatibilityGate.problems(candidate, ShippedSchemas.history(type));
  }

  private static Schema change(
      Class<? extends SpecificRecord> type, UnaryOperator<List<Schema.Field>> edit) {
    Schema current = ShippedSchemas.current(type);
    return Schema.createRecord(
        current.getName(),
        current.getDoc(),
        current.getNamespace(),
        false,
        edit.apply(copy(current.getFields())));
  }

  private static List<Schema.Field> copy(List<Schema.Field> fields) {
    List<Schema.Field> copies = new ArrayList<>();
    fields.forEach(f -> copies.add(new Schema.Field(f, f.schema())));
    return copies;
  }

  private static Schema.Field optional(String name) {
    Schema nullable =
        Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
    return new Schema.Field(
        name, nullable, "an optional addition", Schema.Field.NULL_DEFAULT_VALUE);
  }

  private static List<Schema.Field> add(List<Schema.Field> fields, Schema.Field field) {
    fields.add(field);
    return fields;
  }

  private static List<Schema.Field> remove(List<Schema.Field> fields, String name) {
    fields.removeIf(f -> f.name().equals(name));
    return fields;
  }

  private static List<Schema.Field> retype(List<Schema.Field> fields, String name, Schema type) {
    fields.replaceAll(f -> f.name().equals(name) ? new Schema.Field(name, type, f.doc()) : f);
    return fields;
  }
}
