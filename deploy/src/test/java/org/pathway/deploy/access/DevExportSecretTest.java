package org.pathway.deploy.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.deploy.PathwayDev;

/** Dev mode's export secret is made once and kept, so a study's pseudonyms outlive a restart. */
class DevExportSecretTest {

  @TempDir Path dir;

  @Test
  void theSameSecretAfterARestartLongEnoughAndReadableByItsOwnerOnly() throws Exception {
    String first = DevExportSecret.keptIn(dir);

    assertThat(DevExportSecret.keptIn(dir)).isEqualTo(first);
    assertThat(first).hasSizeGreaterThanOrEqualTo(DevExportSecret.MIN_LENGTH);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("export-secret"))))
        .isEqualTo("rw-------");
  }

  @Test
  void aDamagedSecretStopsDevModeBeforeAnyServiceStarts() throws Exception {
    Files.writeString(dir.resolve("export-secret"), "too-short");

    assertThatThrownBy(() -> DevExportSecret.keptIn(dir)).hasMessageContaining("shorter than");
  }

  @Test
  void onlyReportingIsGivenTheSecret() {
    DevAccess access = DevAccess.prepare(PathwayDev.repositoryRoot(), dir, 18080, 18088, List.of());

    assertThat(access.reportingEnvironment().get("EXPORT_PSEUDONYM_SECRET"))
        .isEqualTo(DevExportSecret.keptIn(dir.resolve("access")));
    assertThat(access.adapterEnvironment()).doesNotContainKey("EXPORT_PSEUDONYM_SECRET");
    assertThat(access.routerEnvironment()).doesNotContainKey("EXPORT_PSEUDONYM_SECRET");
    assertThat(access.toString()).doesNotContain(access.exportSecret());
  }
}
