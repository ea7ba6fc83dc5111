package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;

/** Dev mode as a newcomer gets it: everything starts, a referral goes in, the GP hears back. */
class PathwayDevIT {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  @TempDir Path dataDir;

  @Test
  void aSampleReferralIsRoutedAndTheGpHearsWhenTheLinkWorkerAccepts() throws Exception {
    var settings = DevSettings.from(Map.of("PATHWAY_DATA_DIR", dataDir.toString())::get);
    try (PathwayDev dev =
        PathwayDev.start(
            settings.withFreePorts(), DevDatabases.fresh(dataDir.resolve("postgres")), Map.of())) {
      // every catalogue topic exists
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, dev.kafka().bootstrapServers()))) {
        var described =
            admin
                .describeTopics(Topics.all().stream().map(Topic::name).toList())
                .allTopicNames()
                .get();
        assertThat(described.keySet())
            .containsExactlyInAnyOrderElementsOf(Topics.all().stream().map(Topic::name).toList());
      }

      // when the README's sample referral is sent
      IGenericClient pathway = FHIR.newRestfulGenericClient(dev.endpoints().fhirBase());
      String sample =
          Files.readString(PathwayDev.repositoryRoot().resolve("deploy/demo/referral.json"));
      Bundle response =
          pathway
              .transaction()
              .withBundle(FHIR.newJsonParser().parseResource(Bundle.class, sample))
              .execute();
      assertThat(response.getEntry())
          .anySatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));

      // then the router gives its Task an owner
      Task routed =
          await(
              "the Task to be routed to a link-worker service",
              () ->
                  pathway
                      .search()
                      .forResource(Task.class)
                      .returnBundle(Bundle.class)
                      .execute()
                      .getEntry()
                      .stream()
                      .map(e -> (Task) e.getResource())
                      .filter(t -> t.hasOwner())
                      .findFirst()
                      .orElse(null));

      // and when the link worker accepts it, the GP's FHIR endpoint receives the update
      routed.setStatus(Task.TaskStatus.ACCEPTED);
      pathway
          .update()
          .resource(routed)
          .withId(routed.getIdElement().toUnqualifiedVersionless())
          .execute();
      Task atGp =
          await(
              "the GP system to receive the accepted Task",
              () ->
                  dev.gp().received(Task.class).stream()
                      .filter(t -> t.getStatus() == Task.TaskStatus.ACCEPTED)
                      .findFirst()
                      .orElse(null));
      assertThat(atGp.getStatus()).isEqualTo(Task.TaskStatus.ACCEPTED);
      assertThat(dev.services()).allSatisfy(s -> assertThat(s.isAlive()).as(s.name()).isTrue());
    }
  }

  private static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting for " + what);
  }
}
