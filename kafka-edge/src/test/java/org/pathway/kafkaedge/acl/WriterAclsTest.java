package org.pathway.kafkaedge.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;

class WriterAclsTest {

  private final List<AclBinding> acls = WriterAcls.forCatalogue(s -> "User:" + s.id());

  @Test
  void everyCatalogueTopicIsWritableByItsWriterAlone() {
    for (Topic topic : Topics.all()) {
      List<String> writers =
          acls.stream()
              .filter(a -> a.pattern().name().equals(topic.name()))
              .filter(a -> a.entry().operation() == AclOperation.WRITE)
              .map(a -> a.entry().principal())
              .toList();

      assertThat(writers).as(topic.name()).containsExactly("User:" + topic.writer().id());
    }
  }

  @Test
  void grantsOnlyLiteralTopicAllowancesForWriteAndDescribe() {
    assertThat(acls)
        .isNotEmpty()
        .allSatisfy(
            a -> {
              assertThat(a.pattern().resourceType()).isEqualTo(ResourceType.TOPIC);
              assertThat(a.pattern().patternType()).isEqualTo(PatternType.LITERAL);
              assertThat(a.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
              assertThat(a.entry().operation()).isIn(AclOperation.WRITE, AclOperation.DESCRIBE);
            });
  }
}
