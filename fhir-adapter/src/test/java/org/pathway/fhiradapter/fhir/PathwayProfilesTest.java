package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.IdentifierSystems;
import org.pathway.fhiradapter.support.Fixtures;

/**
 * The shipped profiles are well-formed and speak the code's vocabulary: one canonical base, and the
 * CodeSystem URIs, codes and fixed values the readers and the ledger use.
 */
class PathwayProfilesTest {

  static final List<IBaseResource> LOADED = PathwayProfiles.load(Fixtures.FHIR);

  @Test
  void everyShippedResourceLoadsUnderPathwaysCanonicalBase() {
    assertThat(LOADED).hasSize(PathwayProfiles.FILES.size());
    assertThat(LOADED)
        .allSatisfy(
            r ->
                assertThat(((MetadataResource) r).getUrl())
                    .startsWith(PathwayProfiles.BASE + "/" + r.fhirType() + "/"));
    assertThat(byUrl(StructureDefinition.class).keySet())
        .containsExactlyInAnyOrderElementsOf(PathwayProfiles.BY_RESOURCE_TYPE.values());
  }

  @Test
  void eachProfileConstrainsItsR4BaseResource() {
    PathwayProfiles.BY_RESOURCE_TYPE.forEach(
        (type, url) -> {
          StructureDefinition sd = byUrl(StructureDefinition.class).get(url);
          assertThat(sd.getType()).isEqualTo(type);
          assertThat(sd.getBaseDefinition())
              .isEqualTo("http://hl7.org/fhir/StructureDefinition/" + type);
          assertThat(sd.getDerivation())
              .isEqualTo(StructureDefinition.TypeDerivationRule.CONSTRAINT);
          assertThat(sd.getFhirVersion().toCode()).isEqualTo("4.0.1");
        });
  }

  @Test
  void theScoreCodeSystemsAreTheOnesTheHotPathReaderAccepts() {
    Observation score = Fixtures.parse(Observation.class, "profile/observation-swemwbs-entry.json");
    // The business rules accept the fixture's codings, so its systems are the ones the code uses.
    assertThat(OutcomeReader.read(score.copy())).isNotNull();
    Map<String, CodeSystem> systems = byUrl(CodeSystem.class);

    assertThat(codes(systems.get(score.getCode().getCodingFirstRep().getSystem())))
        .containsExactly("SWEMWBS", "WEMWBS", "ONS4", "MYCAW", "LONELINESS3");
    assertThat(codes(systems.get(score.getCategoryFirstRep().getCodingFirstRep().getSystem())))
        .containsExactly("entry", "interim", "exit");
  }

  @Test
  void theShippedCodeSystemsAreTheContractsAndTheProfilesUseThem() {
    assertThat(CodeSystems.all()).containsAll(byUrl(CodeSystem.class).keySet());
    assertThat(byUrl(CodeSystem.class))
        .containsKeys(
            CodeSystems.TASK_BUSINESS_STATUS,
            CodeSystems.WELLBEING_INSTRUMENT,
            CodeSystems.MEASUREMENT_TIMING);
    assertThat(text(PathwayProfiles.TASK))
        .contains(CodeSystems.TASK_BUSINESS_STATUS)
        .contains(IdentifierSystems.CORRELATION_ID);
    assertThat(text(PathwayProfiles.WELLBEING_SCORE))
        .contains(CodeSystems.WELLBEING_INSTRUMENT)
        .contains(CodeSystems.MEASUREMENT_TIMING);
  }

  @Test
  void theBusinessStatusCodeSystemHoldsTheDesignsCodes() {
    CodeSystem cs = byUrl(CodeSystem.class).get(CodeSystems.TASK_BUSINESS_STATUS);

    assertThat(codes(cs))
        .containsExactly(
            "delivered",
            "acknowledged",
            "contact-attempted",
            "contact-failed",
            "first-conversation-held",
            "plan-agreed",
            "onward-referred",
            "session-scheduled",
            "waitlisted",
            "session-attended",
            "did-not-attend",
            "disengaged",
            "declined-by-patient",
            "completed-goals-met",
            "completed-goals-partly-met",
            "completed-goals-not-met",
            "place-offered");
  }

  @Test
  void theReferralProfileAsksForTheCodeTheReaderAsksFor() {
    assertThat(text(PathwayProfiles.REFERRAL))
        .contains(ReferralReader.SNOMED)
        .contains(ReferralReader.SOCIAL_PRESCRIBING_CODE);
  }

  @Test
  void everyConstraintCarriesAnExpressionAndEachResourceLevelOneNamesItsElement() {
    for (String url : PathwayProfiles.BY_RESOURCE_TYPE.values()) {
      StructureDefinition sd = byUrl(StructureDefinition.class).get(url);
      for (ElementDefinition e : sd.getDifferential().getElement()) {
        for (var c : e.getConstraint()) {
          assertThat(c.getExpression()).as(c.getKey()).isNotBlank();
          assertThat(c.getSeverity())
              .as(c.getKey())
              .isEqualTo(ElementDefinition.ConstraintSeverity.ERROR);
          if (!e.getPath().contains(".")) {
            assertThat(PathwayProfiles.INVARIANT_ELEMENTS).as(c.getKey()).containsKey(c.getKey());
          }
        }
      }
    }
  }

  private static String text(String url) {
    return Fixtures.FHIR
        .newJsonParser()
        .encodeResourceToString(byUrl(StructureDefinition.class).get(url));
  }

  private static List<String> codes(CodeSystem cs) {
    return cs.getConcept().stream().map(CodeSystem.ConceptDefinitionComponent::getCode).toList();
  }

  private static <T extends MetadataResource> Map<String, T> byUrl(Class<T> type) {
    return LOADED.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .collect(Collectors.toMap(MetadataResource::getUrl, r -> r));
  }
}
