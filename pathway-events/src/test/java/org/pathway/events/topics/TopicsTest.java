package org.pathway.events.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.serde.ShippedSchemas;

class TopicsTest {

  @Test
  void topicNamesAreUniqueAndNamespaced() {
    var names = Topics.all().stream().map(Topic::name).toList();
    assertThat(names).doesNotHaveDuplicates().allMatch(n -> n.startsWith("pathway."));
  }

  @Test
  void everyEventTypeLivesOnExactlyOneTopic() {
    for (Class<? extends SpecificRecord> type : Topics.eventTypes()) {
      assertThat(Topics.all().stream().filter(t -> t.accepts(type)))
          .as(type.getSimpleName())
          .hasSize(1);
    }
  }

  @Test
  void everyWritingServiceHasItsOwnDeadLetterTopic() {
    for (Service service : Service.values()) {
      Topic dlq = Topics.deadLettersOf(service);
      assertThat(dlq.isDeadLetter()).isTrue();
      assertThat(dlq.writer()).isEqualTo(service);
      assertThat(dlq.name()).isEqualTo("pathway." + service.id() + ".dlq");
    }
  }

  @Test
  void everyEventStartsWithTheEnvelope() {
    for (Class<? extends SpecificRecord> type : Topics.eventTypes()) {
      Schema.Field first = ShippedSchemas.current(type).getFields().get(0);
      assertThat(first.name()).as(type.getSimpleName()).isEqualTo("envelope");
      assertThat(first.schema()).isEqualTo(EventEnvelope.getClassSchema());
    }
  }

  @Test
  void everyRecordAndFieldIsDocumentedAndEveryEnumHasADefault() {
    Set<String> visited = new HashSet<>();
    for (Class<? extends SpecificRecord> type : Topics.eventTypes()) {
      checkDocumented(ShippedSchemas.current(type), visited);
    }
    assertThat(visited).contains("org.pathway.events.avro.TaskStatus");
  }

  @Test
  void threeReplicasRequireTwoInSync() {
    assertThat(Topics.REFERRAL_EVENTS.toNewTopic((short) 3).configs())
        .containsEntry("min.insync.replicas", "2");
    assertThat(Topics.REFERRAL_EVENTS.toNewTopic((short) 1).configs())
        .doesNotContainKey("min.insync.replicas");
  }

  @Test
  void theCapacityTopicKeepsEveryGroupsLatestReport() {
    assertThat(Topics.DIRECTORY_CAPACITY.toNewTopic((short) 1).configs())
        .containsEntry("cleanup.policy", "compact");
    assertThat(Topics.REFERRAL_EVENTS.toNewTopic((short) 1).configs())
        .doesNotContainKey("cleanup.policy");
  }

  private static void checkDocumented(Schema schema, Set<String> visited) {
    switch (schema.getType()) {
      case RECORD -> {
        if (!visited.add(schema.getFullName())) {
          return;
        }
        assertThat(schema.getDoc()).as(schema.getFullName()).isNotBlank();
        for (Schema.Field field : schema.getFields()) {
          assertThat(field.doc()).as(schema.getName() + "." + field.name()).isNotBlank();
          checkDocumented(field.schema(), visited);
        }
      }
      case ENUM -> {
        if (visited.add(schema.getFullName())) {
          assertThat(schema.getDoc()).as(schema.getFullName()).isNotBlank();
          assertThat(schema.getEnumDefault()).as(schema.getFullName() + " default").isNotNull();
        }
      }
      case UNION -> schema.getTypes().forEach(s -> checkDocumented(s, visited));
      case ARRAY -> checkDocumented(schema.getElementType(), visited);
      case MAP -> checkDocumented(schema.getValueType(), visited);
      default -> {}
    }
  }
}
