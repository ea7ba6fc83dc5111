package org.pathway.router;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.pathway.access.links.LinkKeys;
import org.pathway.access.links.LinkRefusedException;
import org.pathway.access.links.LinkSigner;
import org.pathway.access.links.LinkVerifier;
import org.pathway.access.links.SignedLink;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.links.RespondLinks;

/** The link settings router tests use (as {@code application-test.yml}), and a link reader. */
public final class TestLinks {

  /** The one test key; the same as {@code application-test.yml}. */
  public static final String KEYS = "test:cGF0aHdheS1yb3V0ZXItdGVzdHMtbGluay1rZXktMzI";

  public static final String PORTAL = "https://portal.test";
  public static final Duration LIFETIME = Duration.ofDays(14);

  private TestLinks() {}

  /** The router properties that configure links as in the tests. */
  public static Map<String, Object> properties() {
    return Map.of(
        "pathway.links.keys", KEYS,
        "pathway.links.portal-url", PORTAL,
        "pathway.links.lifetime", "14d");
  }

  public static RespondLinks respondLinks() {
    return new RespondLinks(new LinkSigner(LinkKeys.parse(KEYS)), PORTAL, LIFETIME);
  }

  /** An event factory whose clock is the system's and whose links are the tests'. */
  public static EventFactory events() {
    return new EventFactory(Clock.systemUTC(), respondLinks());
  }

  public static EventFactory events(Clock clock) {
    return new EventFactory(clock, respondLinks());
  }

  /** The token of a {@code respondUrl}, checking it is on the portal's {@code /l/} path. */
  public static String token(String respondUrl) {
    if (respondUrl == null || !respondUrl.startsWith(PORTAL + "/l/")) {
      throw new AssertionError("not a portal link: " + respondUrl);
    }
    return respondUrl.substring((PORTAL + "/l/").length());
  }

  /** What the link in {@code respondUrl} says, verified as the adapter would at {@code at}. */
  public static SignedLink verify(String respondUrl, Instant at) throws LinkRefusedException {
    return new LinkVerifier(LinkKeys.parse(KEYS), Clock.fixed(at, ZoneOffset.UTC))
        .verify(token(respondUrl));
  }

  /** The token's claims, decoded without checking anything: what anyone holding it can read. */
  public static String payload(String respondUrl) {
    String[] parts = token(respondUrl).split("\\.");
    return new String(
        Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
  }
}
