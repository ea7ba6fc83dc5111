package org.pathway.fhiradapter.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RandomUuidsTest {

  @Test
  void eachIsARandomVersionFourUuidInItsUsualForm() {
    for (int i = 0; i < 1_000; i++) {
      UUID id = RandomUuids.next();
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
      assertThat(UUID.fromString(id.toString())).isEqualTo(id);
    }
    assertThat(RandomUuids.nextString())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  void manyThreadsDrawingAtOnceNeverGetTheSameOne() {
    Set<UUID> seen = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 8)
        .parallel()
        .forEach(
            t -> {
              for (int i = 0; i < 20_000; i++) {
                seen.add(RandomUuids.next());
              }
            });
    assertThat(seen).hasSize(8 * 20_000);
  }

  @Test
  void everyBitOutsideTheVersionAndVariantVaries() {
    long highOnes = 0;
    long highZeros = 0;
    long lowOnes = 0;
    long lowZeros = 0;
    for (int i = 0; i < 2_000; i++) {
      UUID id = RandomUuids.next();
      highOnes |= id.getMostSignificantBits();
      highZeros |= ~id.getMostSignificantBits();
      lowOnes |= id.getLeastSignificantBits();
      lowZeros |= ~id.getLeastSignificantBits();
    }
    // Every random bit was seen as 1 and as 0; the version's and variant's are fixed.
    assertThat(highOnes & highZeros).isEqualTo(~0x000000000000f000L);
    assertThat(lowOnes & lowZeros).isEqualTo(0x3fffffffffffffffL);
  }
}
