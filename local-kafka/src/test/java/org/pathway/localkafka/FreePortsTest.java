package org.pathway.localkafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void portsChosenTogetherAreDistinctAndLeaveOutTheOneTaken() {
    int taken = KraftBroker.freePort();

    int[] ports = KraftBroker.freePorts(40, taken);

    assertThat(ports).hasSize(40).doesNotContain(taken).doesNotContain(0);
    assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(40);
  }
}
