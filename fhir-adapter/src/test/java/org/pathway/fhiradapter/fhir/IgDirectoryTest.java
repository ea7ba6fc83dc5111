package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MetadataResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.fhiradapter.support.Fixtures;

/** An operator's IG directory: unpacked packages, packed {@code *.tgz} ones, examples skipped. */
class IgDirectoryTest {

  static final Path TINY_IG = Path.of("src/test/resources/ig/tiny-ig");
  static final List<String> TINY_URLS =
      List.of(
          "https://ig.example.org/StructureDefinition/tiny-patient",
          "https://ig.example.org/ValueSet/tiny-gender");
  static final FhirContext FHIR = Fixtures.FHIR;

  @Test
  void readsAnUnpackedPackageAndSkipsItsManifest() {
    assertThat(urls(new IgDirectory(FHIR).read(TINY_IG)))
        .containsExactlyInAnyOrderElementsOf(TINY_URLS);
  }

  @Test
  void readsAPackedPackage(@TempDir Path dir) throws IOException {
    tgz(TINY_IG, dir.resolve("example.tiny.ig-0.0.1.tgz"));

    assertThat(urls(new IgDirectory(FHIR).read(dir)))
        .containsExactlyInAnyOrderElementsOf(TINY_URLS);
  }

  @Test
  void skipsExamplesAndResourcesThatAreNotConformanceResources(@TempDir Path dir)
      throws IOException {
    Files.createDirectories(dir.resolve("examples"));
    Files.copy(
        TINY_IG.resolve("package/StructureDefinition-tiny-patient.json"),
        dir.resolve("examples/StructureDefinition-tiny-patient.json"));
    Files.writeString(
        dir.resolve("Task-example.json"), Fixtures.text("profile/task-requested.json"));

    assertThat(new IgDirectory(FHIR).read(dir)).isEmpty();
  }

  @Test
  void aMissingDirectoryIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new ProfileValidator(FHIR, "no/such/ig-dir"))
        .hasMessageContaining("FHIR_IG_DIR")
        .hasMessageContaining("no/such/ig-dir");
  }

  private static List<String> urls(List<IBaseResource> resources) {
    return resources.stream().map(r -> ((MetadataResource) r).getUrl()).toList();
  }

  /** Packs {@code unpacked} (holding {@code package/}) as an NPM package. */
  private static void tgz(Path unpacked, Path target) throws IOException {
    try (OutputStream out = Files.newOutputStream(target);
        var tar = new TarArchiveOutputStream(new GZIPOutputStream(out));
        Stream<Path> files = Files.walk(unpacked)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        var entry = new TarArchiveEntry(f.toFile(), unpacked.relativize(f).toString());
        tar.putArchiveEntry(entry);
        Files.copy(f, tar);
        tar.closeArchiveEntry();
      }
    }
  }
}
