package org.pathway.fhiradapter.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.pathway.fhiradapter.config.ValidationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optional full profile validation: every ServiceRequest, Task and Observation against Pathway's
 * own profile ({@link PathwayProfiles}, always loaded), every resource against base R4 and the
 * profiles it claims in {@code meta.profile}, which may come from an operator's IG packages (e.g.
 * UK Core) in {@code pathway.fhir.validation.ig-dir}. Off by default: it costs hundreds of times a
 * parse, so it is measured separately and switched on deliberately. Missing terminology (SNOMED CT,
 * dm+d) is reported by HAPI as a warning, which does not refuse.
 */
@Singleton
@Requires(property = "pathway.fhir.validation.enabled", value = "true")
public class ProfileValidator {

  private static final Logger LOG = LoggerFactory.getLogger(ProfileValidator.class);

  /** "Task.focus: minimum required = 1, but only found 0": the last step is the element. */
  private static final Pattern MISSING =
      Pattern.compile(
          "[A-Za-z]+(?:\\.[A-Za-z0-9\\[\\]]+)*\\.([A-Za-z0-9\\[\\]]+): minimum required");

  private static final Pattern INVARIANT = Pattern.compile("Constraint failed: ([a-z0-9-]+):");

  private final FhirValidator validator;

  @Inject
  public ProfileValidator(FhirContext fhir, ValidationConfig validation) {
    this(fhir, validation.igDir());
  }

  /**
   * @param igDirectory an operator's IG packages (unpacked or {@code *.tgz}); blank for none
   */
  public ProfileValidator(FhirContext fhir, String igDirectory) {
    long t0 = System.nanoTime();
    var loaded = new PrePopulatedValidationSupport(fhir);
    List<IBaseResource> pathway = PathwayProfiles.load(fhir);
    pathway.forEach(loaded::addResource);
    List<IBaseResource> operator =
        igDirectory == null || igDirectory.isBlank()
            ? List.of()
            : new IgDirectory(fhir).read(Path.of(igDirectory));
    // Pathway's own resources win over an operator's resource with the same canonical URL.
    Set<String> own = urls(pathway);
    operator.stream()
        .filter(r -> !own.contains(((MetadataResource) r).getUrl()))
        .forEach(loaded::addResource);
    var chain =
        new ValidationSupportChain(
            new DefaultProfileValidationSupport(fhir),
            loaded,
            new CommonCodeSystemsTerminologyService(fhir),
            new InMemoryTerminologyServerValidationSupport(fhir),
            new SnapshotGeneratingValidationSupport(fhir));
    generateSnapshots(chain, loaded, pathway);
    var module = new FhirInstanceValidator(chain);
    module.setAnyExtensionsAllowed(true);
    validator = fhir.newValidator().registerValidatorModule(module);
    // Warm up now: the first validation builds caches and takes seconds.
    validator.validateWithResult(new ServiceRequest(), options(new ServiceRequest()));
    LOG.info(
        "profile validation on: {} Pathway and {} operator conformance resources{}, ready in {} ms",
        pathway.size(),
        operator.size(),
        operator.isEmpty() ? "" : " from " + igDirectory,
        (System.nanoTime() - t0) / 1_000_000);
  }

  /**
   * Error-level problems of {@code resource} against base FHIR, Pathway's profile for its type and
   * the profiles it claims; each names the element ({@code location}) it is about.
   */
  public List<Issue> validate(IBaseResource resource) {
    return validator.validateWithResult(resource, options(resource)).getMessages().stream()
        .filter(
            m ->
                m.getSeverity() == ResultSeverityEnum.ERROR
                    || m.getSeverity() == ResultSeverityEnum.FATAL)
        .map(m -> new Issue(IssueType.PROCESSING, element(m), m.getMessage()))
        .toList();
  }

  /**
   * The element a message is about. HAPI locates a missing element and a failed resource-level
   * invariant at the parent; the sender needs the element itself.
   */
  static String element(SingleValidationMessage m) {
    String location = m.getLocationString();
    String message = m.getMessage() == null ? "" : m.getMessage();
    Matcher missing = MISSING.matcher(message);
    if (missing.lookingAt() && location != null) {
      return location + "." + missing.group(1);
    }
    Matcher invariant = INVARIANT.matcher(message);
    if (invariant.lookingAt()) {
      return PathwayProfiles.INVARIANT_ELEMENTS.getOrDefault(invariant.group(1), location);
    }
    return location;
  }

  private static ValidationOptions options(IBaseResource resource) {
    var options = new ValidationOptions();
    PathwayProfiles.forResourceType(resource.fhirType()).ifPresent(options::addProfile);
    return options;
  }

  private static Set<String> urls(List<IBaseResource> resources) {
    return resources.stream().map(r -> ((MetadataResource) r).getUrl()).collect(Collectors.toSet());
  }

  /**
   * Gives Pathway's profiles their snapshots now (they ship as differentials), so a broken profile
   * stops start-up instead of failing the first validation.
   */
  private static void generateSnapshots(
      IValidationSupport chain, PrePopulatedValidationSupport into, List<IBaseResource> pathway) {
    var context = new ValidationSupportContext(chain);
    for (IBaseResource r : pathway) {
      if (r instanceof StructureDefinition sd) {
        var full =
            (StructureDefinition)
                chain.generateSnapshot(context, sd, sd.getUrl(), null, sd.getName());
        if (full == null || full.getSnapshot().getElement().isEmpty()) {
          throw new IllegalStateException("no snapshot could be generated for " + sd.getUrl());
        }
        into.addStructureDefinition(full);
      }
    }
  }
}
