package org.pathway.fhiradapter.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The conformance resources Pathway owns, shipped under {@code fhir/profiles/} on the classpath: a
 * StructureDefinition for each resource Pathway accepts (the referral ServiceRequest, the Task, the
 * wellbeing-score Observation) and the CodeSystems and ValueSets they bind to. Differential only:
 * snapshots are generated from the R4 base definitions when the validator loads them.
 */
public final class PathwayProfiles {

  /** Canonical base of every Pathway conformance resource and CodeSystem. */
  public static final String BASE = "https://pathway.example.org";

  /** The referral ServiceRequest (and onward referrals). */
  public static final String REFERRAL = BASE + "/StructureDefinition/pathway-referral";

  /** One hop of a referral. */
  public static final String TASK = BASE + "/StructureDefinition/pathway-task";

  /** A wellbeing score (SWEMWBS, WEMWBS, ONS4) against a Task. */
  public static final String WELLBEING_SCORE =
      BASE + "/StructureDefinition/pathway-wellbeing-score";

  /** The profile each resource type Pathway accepts is checked against. */
  public static final Map<String, String> BY_RESOURCE_TYPE =
      Map.of("ServiceRequest", REFERRAL, "Task", TASK, "Observation", WELLBEING_SCORE);

  /**
   * The element each resource-level invariant is about: HAPI reports those at the resource, but a
   * refusal should name the element the sender has to fix.
   */
  static final Map<String, String> INVARIANT_ELEMENTS =
      Map.of(
          "pwr-3", "ServiceRequest.basedOn",
          "pwr-4", "ServiceRequest.performer",
          "pwt-1", "Task.statusReason",
          "pwt-2", "Task.output",
          "pwt-3", "Task.owner",
          "pww-1", "Observation.category");

  /** Classpath folder of the files below. */
  static final String FOLDER = "fhir/profiles/";

  /** Every file in {@link #FOLDER}; a jar cannot be listed, so they are named here. */
  static final List<String> FILES =
      List.of(
          "CodeSystem-task-business-status.json",
          "ValueSet-task-business-status.json",
          "CodeSystem-wellbeing-instrument.json",
          "ValueSet-wellbeing-instrument.json",
          "CodeSystem-measurement-timing.json",
          "ValueSet-measurement-timing.json",
          "StructureDefinition-pathway-referral.json",
          "StructureDefinition-pathway-task.json",
          "StructureDefinition-pathway-wellbeing-score.json");

  private PathwayProfiles() {}

  /** Pathway's profile for a resource type, if it has one. */
  public static Optional<String> forResourceType(String resourceType) {
    return Optional.ofNullable(BY_RESOURCE_TYPE.get(resourceType));
  }

  /** Parses every shipped conformance resource; a missing or broken file is a packaging bug. */
  public static List<IBaseResource> load(FhirContext fhir) {
    var parser = fhir.newJsonParser();
    return FILES.stream()
        .map(
            file -> {
              try (InputStream in =
                  PathwayProfiles.class.getClassLoader().getResourceAsStream(FOLDER + file)) {
                if (in == null) {
                  throw new IllegalStateException("missing classpath resource " + FOLDER + file);
                }
                return parser.parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                throw new UncheckedIOException(FOLDER + file, e);
              }
            })
        .map(IBaseResource.class::cast)
        .toList();
  }
}
