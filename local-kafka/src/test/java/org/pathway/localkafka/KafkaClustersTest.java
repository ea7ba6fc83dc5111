package org.pathway.localkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.localkafka.KafkaClusters.Mode;

class KafkaClustersTest {

  @Test
  void fallsBackToTheInProcessBrokerWhenNothingElseIsThere() {
    assertThat(KafkaClusters.choose(Map.<String, String>of()::get, () -> false))
        .isEqualTo(Mode.IN_PROCESS);
  }

  @Test
  void prefersTestcontainersWhenDockerAnswers() {
    assertThat(KafkaClusters.choose(Map.<String, String>of()::get, () -> true))
        .isEqualTo(Mode.TESTCONTAINERS);
  }

  @Test
  void usesAnExternalClusterWhenBootstrapServersAreGiven() {
    var env = Map.of(KafkaClusters.BOOTSTRAP_ENV, "kafka-1:9092");
    assertThat(KafkaClusters.choose(env::get, () -> true)).isEqualTo(Mode.EXTERNAL);
  }

  @Test
  void anExplicitModeWinsAndDockerIsNotAsked() {
    var env = Map.of(KafkaClusters.MODE_ENV, "in-process", KafkaClusters.BOOTSTRAP_ENV, "x:1");
    assertThat(
            KafkaClusters.choose(
                env::get,
                () -> {
                  throw new AssertionError("docker probed");
                }))
        .isEqualTo(Mode.IN_PROCESS);
  }

  @Test
  void rejectsAnUnknownModeByName() {
    var env = Map.of(KafkaClusters.MODE_ENV, "mock");
    assertThatThrownBy(() -> KafkaClusters.choose(env::get, () -> false))
        .hasMessageContaining("PATHWAY_KAFKA=mock");
  }
}
