package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;

class PathwayDevIT {

  @TempDir Path dataDir;

  @Test
  void startsKafkaWithEveryCatalogueTopicAndStartsAgainOnTheSameData() throws Exception {
    var settings = new DevSettings(dataDir, 0, (short) 1);
    for (int run = 1; run <= 2; run++) {
      try (PathwayDev dev = PathwayDev.start(settings);
          Admin admin =
              Admin.create(
                  Map.of(
                      AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                      dev.kafka().bootstrapServers()))) {
        var topics = admin.describeTopics(Topics.all().stream().map(Topic::name).toList());
        var described = topics.allTopicNames().get();
        for (Topic topic : Topics.all()) {
          assertThat(described.get(topic.name()).partitions()).hasSize(topic.partitions());
        }
      }
    }
  }

  @Test
  void embeddedDefaultsNeedNoEnvironment() {
    assertThat(DevSettings.defaults())
        .isEqualTo(new DevSettings(Path.of(".pathway"), 9092, (short) 1));
    assertThat(DevSettings.from(Map.of("PATHWAY_KAFKA_PORT", "19092")::get).kafkaPort())
        .isEqualTo(19092);
  }
}
