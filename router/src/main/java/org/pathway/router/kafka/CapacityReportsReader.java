package org.pathway.router.kafka;

import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.pathway.directory.Capacity;
import org.pathway.directory.Directory;
import org.pathway.events.avro.GroupCapacityReported;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lays the capacity each group reported ({@code pathway.directory.capacity}) over the router's
 * directory; the directory keeps the highest version. A report that cannot be read leaves the
 * feed's capacity standing for that group.
 */
public final class CapacityReportsReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CapacityReportsReader.class);

  private final CompactedTopicReader reader;

  /** Starts reading and waits, at most {@code catchUp}, for the reports already on the topic. */
  public CapacityReportsReader(KafkaClients kafka, Directory directory, Duration catchUp) {
    reader =
        new CompactedTopicReader(
            kafka,
            Topics.DIRECTORY_CAPACITY,
            "capacity-reports",
            record -> apply(directory, record),
            catchUp);
  }

  private static void apply(Directory directory, SpecificRecord record) {
    if (!(record instanceof GroupCapacityReported report)) {
      return;
    }
    boolean newer =
        directory.report(
            report.getGroupId(),
            new Capacity(
                report.getStatus(),
                report.getPlacesLeft(),
                report.getWaitlistOpen(),
                report.getReportedAt(),
                report.getVersion()));
    if (newer) {
      LOG.info(
          "capacity of {} is now {} (version {})",
          report.getGroupId(),
          report.getStatus(),
          report.getVersion());
    }
  }

  @Override
  public void close() {
    reader.close();
  }
}
