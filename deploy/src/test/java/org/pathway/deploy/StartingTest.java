package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartingTest {

  private final List<String> stopped = new ArrayList<>();

  private AutoCloseable piece(String name) {
    return () -> stopped.add(name);
  }

  @Test
  void stopsWhatHasStartedLastFirstAndOnlyOnce() {
    Starting starting = new Starting(piece("database"));
    starting.add(piece("broker"));
    starting.add(piece("adapter"));

    starting.stopAll();
    starting.stopAll();
    starting.handOver();

    assertThat(stopped).containsExactly("adapter", "broker", "database");
  }

  @Test
  void somethingStartedAfterEverythingWasStoppedIsStoppedAtOnce() {
    Starting starting = new Starting(piece("database"));
    starting.stopAll();

    starting.add(piece("portal"));
    starting.handOver();

    assertThat(stopped).containsExactly("database", "portal");
  }

  @Test
  void afterTheHandOverNothingIsStoppedByIt() {
    Starting starting = new Starting(piece("database"));
    starting.add(piece("broker"));

    starting.handOver();

    assertThat(stopped).isEmpty();
  }
}
