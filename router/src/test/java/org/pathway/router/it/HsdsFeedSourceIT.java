package org.pathway.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathway.directory.Directory;
import org.pathway.directory.DirectoryEntry;
import org.pathway.directory.HsdsFeedSource;
import org.pathway.events.avro.CapacityStatus;

/** The directory read from an HSDS API over HTTP: every page, then only what changed. */
class HsdsFeedSourceIT {

  private HttpServer server;
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private volatile String capacityOfWalkAndTalk = "4";

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/services",
        exchange -> {
          String query = exchange.getRequestURI().getQuery();
          queries.add(query);
          boolean incremental = query.contains("modified_after");
          boolean second = query.contains("page=2");
          String body =
              incremental
                  ? page(
                      1, 1, service("walk-and-talk", "2026-11-05T00:00:00Z", capacityOfWalkAndTalk))
                  : second
                      ? page(2, 2, service("walk-and-talk", "2026-11-01T00:00:00Z", "4"))
                      : page(1, 2, service("allotment-friends", "2026-10-01T00:00:00Z", "2"));
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void readsEveryPageThenAsksOnlyForChangesAfterTheLatestSeen() {
    HsdsFeedSource source =
        new HsdsFeedSource("http://127.0.0.1:" + server.getAddress().getPort() + "/services");
    Directory directory = new Directory();

    directory.apply(source.changesSince(null));
    assertThat(directory.entries())
        .extracting(DirectoryEntry::id)
        .containsExactlyInAnyOrder("allotment-friends", "walk-and-talk");
    assertThat(queries).containsExactly("page=1", "page=2");

    capacityOfWalkAndTalk = "0";
    directory.apply(source.changesSince(directory.lastModified().orElseThrow()));

    assertThat(queries.get(2)).isEqualTo("page=1&modified_after=2026-11-01T00:00:00Z");
    assertThat(directory.byId("walk-and-talk").orElseThrow().capacity())
        .isEqualTo(CapacityStatus.NO_CAPACITY);
    assertThat(directory.lastModified()).contains(Instant.parse("2026-11-05T00:00:00Z"));
  }

  private static String page(int number, int total, String service) {
    return "{\"page_number\": "
        + number
        + ", \"total_pages\": "
        + total
        + ", \"contents\": ["
        + service
        + "]}";
  }

  private static String service(String id, String modified, String available) {
    return """
        {"id": "%s", "name": "%s", "status": "active", "last_modified": "%s",
         "attributes": [
           {"taxonomy_term": {"vocabulary": "pathway-service-kind", "code": "community-group"}},
           {"taxonomy_term": {"vocabulary": "pathway-channel", "code": "email"}, "value": "%s@example.org"}],
         "service_capacity": [{"available": %s, "unit": {"name": "places"}}]}
        """
        .formatted(id, id, modified, id, available);
  }
}
