package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pathway.events.vocabulary.CodeSystems;

/**
 * Pathway's code-system URIs are written once, in the vocabulary: code uses its constants, and
 * every URI in a fixture, demo file or document is one of them. Two URIs for one code system (the
 * demo once wrote the other one into the ledger) fail here.
 */
class VocabularyTest {

  private static final Pattern PATHWAY_CODE_SYSTEM =
      Pattern.compile("https?://pathway\\.example[^\\s\"'<>)|`]*?/CodeSystem/[A-Za-z0-9-]+");

  // Split so this file does not find itself.
  private static final String WRITTEN_OUT = "pathway.example.org" + "/CodeSystem/";

  private static final Path VOCABULARY =
      Path.of("pathway-events/src/main/java/org/pathway/events/vocabulary/CodeSystems.java");

  @Test
  void everyPathwayCodeSystemUriIsOneTheVocabularyDefines() {
    List<String> strays = new ArrayList<>();
    for (Path file : repositoryFiles()) {
      Matcher m = PATHWAY_CODE_SYSTEM.matcher(read(file));
      while (m.find()) {
        if (!CodeSystems.all().contains(m.group())) {
          strays.add(file + ": " + m.group());
        }
      }
    }
    assertThat(strays).as("code-system URIs the vocabulary does not define").isEmpty();
  }

  @Test
  void codeNamesTheVocabularyRatherThanWritingAUri() {
    List<String> written = new ArrayList<>();
    for (Path file : repositoryFiles()) {
      if (file.toString().endsWith(".java")
          && !file.equals(VOCABULARY)
          && read(file).contains(WRITTEN_OUT)) {
        written.add(file.toString());
      }
    }
    assertThat(written).as("Java files writing a code-system URI out").isEmpty();
  }

  @Test
  void theScanSeesTheFilesThatUseTheVocabulary() {
    assertThat(repositoryFiles())
        .contains(
            VOCABULARY, Path.of("deploy/demo/referral.json"), Path.of("fhir-adapter/README.md"));
  }

  /** Sources, fixtures, demo files and documents of every module, relative to the repository. */
  private static List<Path> repositoryFiles() {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("pathway-events/pom.xml")).as("repository root").exists();
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(root::relativize)
          .filter(p -> !p.toString().contains("target/") && !p.startsWith(".git"))
          .filter(p -> p.toString().matches(".*\\.(java|json|md|yml|yaml|avsc|sql)"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path relative) {
    try {
      return Files.readString(Path.of("").toAbsolutePath().getParent().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
