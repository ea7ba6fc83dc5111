package org.pathway.deploy.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.access.links.LinkKeys;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.LinkSigner;
import org.pathway.access.links.LinkVerifier;
import org.pathway.access.links.SignedLink;
import org.pathway.deploy.PathwayDev;

/** Dev mode's link key is made once and kept, so links in saved mail outlive a restart. */
class DevLinkKeysTest {

  @TempDir Path dir;

  @Test
  void aLinkSignedBeforeARestartVerifiesAfterIt() throws Exception {
    String first = DevLinkKeys.keptIn(dir);
    SignedLink link =
        new SignedLink(
            "link-1",
            "task-1",
            "lw-east",
            LinkPurpose.LINK_WORKER,
            Instant.now(),
            Instant.now().plus(Duration.ofDays(1)));
    String token = new LinkSigner(LinkKeys.parse(first)).sign(link);

    String again = DevLinkKeys.keptIn(dir);

    assertThat(again).isEqualTo(first);
    assertThat(new LinkVerifier(LinkKeys.parse(again), Clock.systemUTC()).verify(token).taskId())
        .isEqualTo("task-1");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("link-keys"))))
        .isEqualTo("rw-------");
  }

  @Test
  void theRouterSignsAndTheAdapterVerifiesWithTheSameKeysAndTheRouterLinksToThePortal() {
    DevAccess access = DevAccess.prepare(PathwayDev.repositoryRoot(), dir, 18080, 18088, List.of());

    assertThat(access.adapterEnvironment().get("PATHWAY_LINK_KEYS"))
        .isNotBlank()
        .isEqualTo(access.routerEnvironment().get("PATHWAY_LINK_KEYS"));
    assertThat(access.routerEnvironment()).containsEntry("PORTAL_URL", "http://localhost:18088");
    assertThat(access.portalEnvironment("http://localhost:18080/fhir"))
        .containsEntry("FHIR_BASE_URL", "http://localhost:18080/fhir")
        .containsEntry("PORTAL_CLIENT_ID", "portal")
        .doesNotContainKey("PATHWAY_LINK_KEYS");
    assertThat(Path.of(access.portalEnvironment("x").get("PORTAL_SIGNING_KEY"))).isRegularFile();
    assertThat(access.toString()).doesNotContain(access.linkKeys());
  }
}
