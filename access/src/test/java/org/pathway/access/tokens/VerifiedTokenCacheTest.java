package org.pathway.access.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pathway.access.clients.Role;
import org.pathway.access.scopes.ScopeSet;
import org.pathway.testsupport.time.MovableClock;

class VerifiedTokenCacheTest {

  final MovableClock clock = MovableClock.now();
  final VerifiedTokenCache cache = new VerifiedTokenCache(2, clock);
  final Caller caller =
      new Caller("c", "O", Role.OPERATOR, null, ScopeSet.parse("system/*.rs"), List.of(), "j");

  @Test
  void servesACallerUntilItsTokenExpiresAndNotAfter() {
    cache.put("t1", caller, clock.instant().plusSeconds(60));
    assertThat(cache.get("t1")).isEqualTo(caller);

    clock.advance(Duration.ofSeconds(60));

    assertThat(cache.get("t1")).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void neverHoldsMoreThanItsBoundAndMakesRoomFromExpiredEntries() {
    cache.put("t1", caller, clock.instant().plusSeconds(10));
    cache.put("t2", caller, clock.instant().plusSeconds(100));
    cache.put("t3", caller, clock.instant().plusSeconds(100));
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get("t3")).isNull();

    clock.advance(Duration.ofSeconds(20));
    cache.put("t3", caller, clock.instant().plusSeconds(100));

    assertThat(cache.get("t3")).isEqualTo(caller);
    assertThat(cache.get("t1")).isNull();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void doesNotKeepATokenAlreadyPastItsExpiry() {
    cache.put("t1", caller, clock.instant().minusSeconds(1));

    assertThat(cache.size()).isZero();
  }
}
