package org.pathway.router.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PollBatchTest {

  @Test
  void theIdsAPollAnnouncesAreLookedUpOnceTogetherAndAnOtherIdIsLeftToItsOwnLookup() {
    // given a poll whose records announce three event ids, one of them handled before
    PollBatch batch = new PollBatch();
    batch.announced("e1");
    batch.announced("e2");
    batch.announced("e3");
    List<Set<String>> lookups = new ArrayList<>();
    Function<Set<String>, Set<String>> lookup =
        ids -> {
          lookups.add(ids);
          return Set.of("e2");
        };

    // when each record asks
    assertThat(batch.handledBefore("e1", lookup)).contains(false);
    assertThat(batch.handledBefore("e2", lookup)).contains(true);
    assertThat(batch.handledBefore("e3", lookup)).contains(false);

    // then the ledger of handled events was asked once, for all three
    assertThat(lookups).containsExactly(Set.of("e1", "e2", "e3"));
    // and an event whose record announced no id is not answered from the poll's lookup
    assertThat(batch.handledBefore("unannounced", lookup)).isEmpty();
    assertThat(lookups).hasSize(1);
  }
}
