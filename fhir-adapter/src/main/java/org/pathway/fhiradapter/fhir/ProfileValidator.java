package org.pathway.fhiradapter.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.pathway.fhiradapter.config.ValidationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optional full profile validation against the IG packages (StructureDefinitions, ValueSets,
 * CodeSystems as JSON or XML) in a configured directory, e.g. UK Core. Off by default: it costs
 * hundreds of times a parse, so it is measured separately and switched on deliberately. Missing
 * terminology (SNOMED CT, dm+d) is reported by HAPI as a warning, which does not refuse.
 */
@Singleton
@Requires(property = "pathway.fhir.validation.enabled", value = "true")
public class ProfileValidator {

  private static final Logger LOG = LoggerFactory.getLogger(ProfileValidator.class);

  private final FhirValidator validator;

  @Inject
  public ProfileValidator(FhirContext fhir, ValidationConfig validation) {
    this(fhir, validation.igDir());
  }

  /** A validator over the IG packages in {@code igDirectory}, for tests and benchmarks. */
  public ProfileValidator(FhirContext fhir, String igDirectory) {
    var loaded = new PrePopulatedValidationSupport(fhir);
    int count = load(fhir, Path.of(igDirectory), loaded);
    var chain =
        new ValidationSupportChain(
            new DefaultProfileValidationSupport(fhir),
            loaded,
            new CommonCodeSystemsTerminologyService(fhir),
            new InMemoryTerminologyServerValidationSupport(fhir),
            new SnapshotGeneratingValidationSupport(fhir));
    var module = new FhirInstanceValidator(chain);
    module.setAnyExtensionsAllowed(true);
    validator = fhir.newValidator().registerValidatorModule(module);
    long t0 = System.nanoTime();
    // Warm up now: the first validation builds snapshots and caches and takes seconds.
    validator.validateWithResult(new org.hl7.fhir.r4.model.ServiceRequest());
    LOG.info(
        "profile validation on: {} conformance resources from {}, warmed in {} ms",
        count,
        igDirectory,
        (System.nanoTime() - t0) / 1_000_000);
  }

  /** Error-level problems of {@code resource} against base FHIR and its claimed profiles. */
  public List<Issue> validate(IBaseResource resource) {
    return validator.validateWithResult(resource).getMessages().stream()
        .filter(
            m ->
                m.getSeverity() == ResultSeverityEnum.ERROR
                    || m.getSeverity() == ResultSeverityEnum.FATAL)
        .map(m -> new Issue(IssueType.PROCESSING, m.getLocationString(), m.getMessage()))
        .toList();
  }

  private static int load(FhirContext fhir, Path dir, PrePopulatedValidationSupport into) {
    IParser json = fhir.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
    IParser xml = fhir.newXmlParser().setParserErrorHandler(new LenientErrorHandler(false));
    int[] count = {0};
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .filter(Files::isRegularFile)
          .filter(p -> !p.toString().contains("/examples/"))
          .forEach(
              p -> {
                String name = p.getFileName().toString();
                IParser parser =
                    name.endsWith(".json") && !name.equals("package.json")
                        ? json
                        : name.endsWith(".xml") ? xml : null;
                if (parser == null) {
                  return;
                }
                try {
                  Resource r = (Resource) parser.parseResource(Files.readString(p));
                  if (r instanceof StructureDefinition sd) {
                    into.addStructureDefinition(sd);
                  } else if (r instanceof ValueSet vs) {
                    into.addValueSet(vs);
                  } else if (r instanceof CodeSystem cs) {
                    into.addCodeSystem(cs);
                  } else {
                    return;
                  }
                  count[0]++;
                } catch (IOException | RuntimeException e) {
                  LOG.warn("skipping {}: {}", p, e.getMessage());
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read IG directory " + dir, e);
    }
    return count[0];
  }
}
