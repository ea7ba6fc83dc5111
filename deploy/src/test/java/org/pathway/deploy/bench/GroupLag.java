package org.pathway.deploy.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a run's queue is: records not yet committed per consumer group and topic, so a slow run
 * says which hop fell behind rather than only that it was slow.
 */
final class GroupLag implements AutoCloseable {

  private final Admin admin;

  GroupLag(String bootstrapServers) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /**
   * {@code group/topic -> lag}, for every group that has committed something, except those reading
   * {@code ignoredTopic} (the reference tool makes a new group on every run).
   */
  Map<String, Long> now(String ignoredTopic) throws InterruptedException {
    try {
      Map<String, Long> lag = new TreeMap<>();
      for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
        var ends =
            admin
                .listOffsets(
                    committed.keySet().stream()
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                .all()
                .get();
        committed.keySet().removeIf(tp -> tp.topic().equals(ignoredTopic));
        committed.forEach(
            (tp, offset) ->
                lag.merge(
                    group.groupId() + "/" + tp.topic(),
                    offset == null ? 0 : ends.get(tp).offset() - offset.offset(),
                    Long::sum));
      }
      return lag;
    } catch (ExecutionException e) {
      return Map.of("unavailable", -1L);
    }
  }

  /**
   * Records of {@code topic} that {@code group} has not committed yet, over all partitions; -1 if
   * the broker cannot say now. A partition the group has never committed counts from its start.
   */
  long of(String group, String topic) throws InterruptedException {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      var partitions =
          admin
              .describeTopics(java.util.List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions();
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      partitions.forEach(
          p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all().get();
      long lag = 0;
      for (var end : ends.entrySet()) {
        OffsetAndMetadata done = committed.get(end.getKey());
        lag += end.getValue().offset() - (done == null ? 0 : done.offset());
      }
      return lag;
    } catch (ExecutionException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
