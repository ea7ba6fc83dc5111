package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortTest {

  @Test
  void noPortIsHandedOutTwice() {
    // The operating system picks each free port afresh, so among a few hundred it repeats some.
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      ports.add(PathwayDev.freePort());
    }

    assertThat(ports).hasSize(300);
  }
}
