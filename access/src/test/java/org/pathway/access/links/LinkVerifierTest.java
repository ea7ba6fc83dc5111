package org.pathway.access.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LinkVerifierTest {

  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
  private static final String KEY = LinkKeys.generate("k2");
  private static final String OLD_KEY = LinkKeys.generate("k1");

  private final LinkKeys keys = LinkKeys.parse(KEY + "," + OLD_KEY);
  private final LinkVerifier verifier =
      new LinkVerifier(keys, Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));

  private static SignedLink link() {
    return new SignedLink(
        "link-1",
        "42",
        "walk-and-talk",
        LinkPurpose.FACILITATOR,
        NOW,
        NOW.plus(Duration.ofDays(14)));
  }

  @Test
  void readsBackWhatWasSigned() throws Exception {
    String token = new LinkSigner(keys).sign(link());

    assertThat(verifier.verify(token)).isEqualTo(link());
    assertThat(token).doesNotContain("=").matches("[A-Za-z0-9_.-]+");
  }

  @Test
  void signingTheSameLinkTwiceGivesTheSameString() {
    LinkSigner signer = new LinkSigner(keys);

    assertThat(signer.sign(link())).isEqualTo(signer.sign(link()));
  }

  @Test
  void verifiesLinksSignedWithAnOlderKeyStillConfigured() throws Exception {
    String token = new LinkSigner(LinkKeys.parse(OLD_KEY)).sign(link());

    assertThat(verifier.verify(token).taskId()).isEqualTo("42");
  }

  @Test
  void refusesALinkSignedWithAKeyNoLongerHeld() {
    String token = new LinkSigner(LinkKeys.parse(LinkKeys.generate("k0"))).sign(link());

    assertRefused(token, LinkRefusal.UNKNOWN_KEY);
  }

  @Test
  void refusesAnAlteredLink() {
    String token = new LinkSigner(keys).sign(link());
    String[] parts = token.split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"42\"", "\"43\"");
    String altered =
        parts[0]
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes())
            + "."
            + parts[2];

    assertRefused(altered, LinkRefusal.BAD_SIGNATURE);
  }

  @Test
  void refusesAnExpiredLink() {
    String token = new LinkSigner(keys).sign(link());
    LinkVerifier later =
        new LinkVerifier(keys, Clock.fixed(NOW.plus(Duration.ofDays(14)), ZoneOffset.UTC));

    assertThatThrownBy(() -> later.verify(token))
        .isInstanceOfSatisfying(
            LinkRefusedException.class,
            e -> assertThat(e.refusal()).isEqualTo(LinkRefusal.EXPIRED));
  }

  @Test
  void refusesWhatIsNotALink() {
    assertRefused("", LinkRefusal.MALFORMED);
    assertRefused("not-a-link", LinkRefusal.MALFORMED);
    assertRefused("a".repeat(5000), LinkRefusal.MALFORMED);
  }

  @Test
  void refusesKeysTooShortOrUnreadable() {
    assertThatThrownBy(() -> LinkKeys.parse("k:c2hvcnQ"))
        .hasMessageContaining("at least 32")
        .hasMessageNotContaining("c2hvcnQ");
    assertThatThrownBy(() -> LinkKeys.parse("nokid")).hasMessageContaining("kid:secret");
    assertThatThrownBy(() -> LinkKeys.parse(KEY + "," + KEY)).hasMessageContaining("twice");
  }

  private void assertRefused(String token, LinkRefusal expected) {
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOfSatisfying(
            LinkRefusedException.class, e -> assertThat(e.refusal()).isEqualTo(expected));
  }
}
