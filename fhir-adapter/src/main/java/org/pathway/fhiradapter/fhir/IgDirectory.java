package org.pathway.fhiradapter.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the conformance resources of an operator's IG packages (e.g. UK Core) from a directory:
 * StructureDefinitions, ValueSets and CodeSystems as JSON or XML files in any folder below it (an
 * unpacked package), and packed NPM packages ({@code *.tgz}). Examples are skipped.
 */
final class IgDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(IgDirectory.class);

  private final IParser json;
  private final IParser xml;

  IgDirectory(FhirContext fhir) {
    json = fhir.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
    xml = fhir.newXmlParser().setParserErrorHandler(new LenientErrorHandler(false));
  }

  /** Every conformance resource under {@code dir}; an unreadable file is skipped with a warning. */
  List<IBaseResource> read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "pathway.fhir.validation.ig-dir (FHIR_IG_DIR): " + dir + " is not a directory");
    }
    List<IBaseResource> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .filter(Files::isRegularFile)
          .filter(p -> !p.toString().contains("/examples/"))
          .sorted()
          .forEach(p -> out.addAll(readFile(p)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read IG directory " + dir, e);
    }
    return out;
  }

  private List<IBaseResource> readFile(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (name.endsWith(".tgz")) {
        try (InputStream in = Files.newInputStream(p)) {
          return readPackage(NpmPackage.fromPackage(in));
        }
      }
      IParser parser =
          name.endsWith(".json") && !name.equals("package.json") && !name.startsWith(".")
              ? json
              : name.endsWith(".xml") ? xml : null;
      if (parser == null) {
        return List.of();
      }
      return conformance(parser.parseResource(Files.readString(p))).stream().toList();
    } catch (IOException | RuntimeException e) {
      LOG.warn("skipping {}: {}", p, e.getMessage());
      return List.of();
    }
  }

  private List<IBaseResource> readPackage(NpmPackage pkg) {
    var folder = pkg.getFolders().get("package");
    if (folder == null) {
      return List.of();
    }
    List<IBaseResource> out = new ArrayList<>();
    for (String file : folder.listFiles()) {
      String name = file.toLowerCase(Locale.ROOT);
      if (!name.endsWith(".json") || name.equals("package.json") || name.startsWith(".")) {
        continue;
      }
      try {
        String text = new String(folder.fetchFile(file), StandardCharsets.UTF_8);
        conformance(json.parseResource(text)).ifPresent(out::add);
      } catch (IOException | RuntimeException e) {
        LOG.warn("skipping {} in package {}: {}", file, pkg.name(), e.getMessage());
      }
    }
    return out;
  }

  private static Optional<IBaseResource> conformance(IBaseResource r) {
    return r instanceof StructureDefinition || r instanceof ValueSet || r instanceof CodeSystem
        ? Optional.of(r)
        : Optional.empty();
  }
}
