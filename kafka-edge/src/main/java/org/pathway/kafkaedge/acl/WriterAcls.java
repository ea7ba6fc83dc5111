package org.pathway.kafkaedge.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.pathway.events.topics.Service;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;

/**
 * Write on each catalogue topic for its one writer and for no one else, so the broker, not the
 * services' good manners, keeps the one-writer rule. Reads, groups and transactional ids belong to
 * how each service is deployed and are granted beside these.
 */
public final class WriterAcls {

  private WriterAcls() {}

  /**
   * Write and Describe on every topic of the catalogue for its writer.
   *
   * @param principal the Kafka principal a service logs in as, e.g. {@code User:router}
   */
  public static List<AclBinding> forCatalogue(Function<Service, String> principal) {
    List<AclBinding> acls = new ArrayList<>();
    for (Topic topic : Topics.all()) {
      String writer = principal.apply(topic.writer());
      acls.add(allow(writer, topic.name(), AclOperation.WRITE));
      acls.add(allow(writer, topic.name(), AclOperation.DESCRIBE));
    }
    return List.copyOf(acls);
  }

  private static AclBinding allow(String principal, String topic, AclOperation operation) {
    return new AclBinding(
        new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
        new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
  }
}
