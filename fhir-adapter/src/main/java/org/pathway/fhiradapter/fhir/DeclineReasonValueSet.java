package org.pathway.fhiradapter.fhir;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.pathway.events.vocabulary.DeclineReasons;

/**
 * The decline-reason ValueSet Pathway publishes, built from {@link DeclineReasons} (the one list
 * the ledger checks and the portal offers): SNOMED CT where it has the concept, Pathway's own codes
 * otherwise, already expanded so a client need not run {@code $expand}.
 */
public final class DeclineReasonValueSet {

  /** The ValueSet's logical id: {@code GET [base]/ValueSet/decline-reason}. */
  public static final String ID = "decline-reason";

  /** Says on each concept who may give the reason: {@code link-worker}, {@code group}, both. */
  public static final String GIVEN_BY =
      "https://pathway.example.org/StructureDefinition/decline-reason-given-by";

  private static final ValueSet VALUE_SET = build();

  private DeclineReasonValueSet() {}

  /** A copy of the ValueSet (callers may change what they get). */
  public static ValueSet valueSet() {
    return VALUE_SET.copy();
  }

  private static ValueSet build() {
    var vs = new ValueSet();
    vs.setId(ID);
    vs.setUrl(DeclineReasons.VALUE_SET);
    vs.setVersion("1.0.0");
    vs.setName("DeclineReason");
    vs.setTitle("Why a link worker or a group declines a referral");
    vs.setStatus(PublicationStatus.ACTIVE);
    vs.setExperimental(false);
    vs.setPublisher("Pathway");
    vs.setDescription(
        "Reasons a link-worker service or a community group gives when it declines a referral"
            + " (Task.statusReason of a rejected Task). SNOMED CT where a concept exists, e.g."
            + " 871711000000103 Social prescribing declined; Pathway's own codes otherwise.");
    Map<String, ConceptSetComponent> bySystem = new LinkedHashMap<>();
    var expansion = vs.getExpansion();
    expansion.setIdentifier("urn:pathway:valueset:decline-reason:1.0.0");
    // Fixed, so every replica publishes the same resource.
    expansion.setTimestamp(new Date(0));
    for (DeclineReasons.Reason r : DeclineReasons.all()) {
      var include =
          bySystem.computeIfAbsent(r.system(), s -> vs.getCompose().addInclude().setSystem(s));
      include
          .addConcept()
          .setCode(r.code())
          .setDisplay(r.display())
          .addExtension(
              GIVEN_BY, new CodeType(r.by().name().toLowerCase(Locale.ROOT).replace('_', '-')));
      expansion.addContains().setSystem(r.system()).setCode(r.code()).setDisplay(r.display());
    }
    expansion.setTotal(DeclineReasons.all().size());
    return vs;
  }
}
