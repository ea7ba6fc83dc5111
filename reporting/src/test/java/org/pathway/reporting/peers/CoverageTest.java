package org.pathway.reporting.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoverageTest {

  @Test
  void answersTogetherHoldingEveryPartitionMissNone() {
    assertThat(Coverage.missing(4, List.of(Set.of(0, 2), Set.of(1, 3)))).isEmpty();
  }

  @Test
  void aPartitionNobodyAnsweredForIsMissing() {
    assertThat(Coverage.missing(4, List.of(Set.of(0, 2), Set.of(1)))).containsExactly(3);
    assertThat(Coverage.missing(2, List.of())).containsExactly(0, 1);
  }
}
