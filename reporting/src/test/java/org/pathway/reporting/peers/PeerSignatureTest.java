package org.pathway.reporting.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PeerSignatureTest {

  private static final String PATH = "/peer/journeys";
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private final PeerSignature peers = new PeerSignature("peer-secret-0123456789abcdef0123456789");

  @Test
  void aPeersSignatureForThisPathAndTimeIsAccepted() {
    assertThat(peers.problem(peers.sign(PATH, NOW), PATH, NOW.plusSeconds(30))).isNull();
  }

  @Test
  void anotherSecretAnotherPathOrAnOldSignatureIsRefused() {
    String other = new PeerSignature("not-the-peers-secret-0123456789abcdef").sign(PATH, NOW);
    assertThat(peers.problem(other, PATH, NOW)).contains("not valid");
    assertThat(peers.problem(peers.sign("/peer/other", NOW), PATH, NOW)).contains("not valid");
    assertThat(peers.problem(peers.sign(PATH, NOW), PATH, NOW.plusSeconds(61)))
        .contains("out of its time");
  }

  @Test
  void noneOrAMalformedOneIsRefused() {
    assertThat(peers.problem(null, PATH, NOW)).isEqualTo("no peer signature");
    assertThat(peers.problem("Bearer abc", PATH, NOW)).contains("malformed");
    assertThat(peers.problem("t=x,v1=zz", PATH, NOW)).contains("malformed");
  }
}
