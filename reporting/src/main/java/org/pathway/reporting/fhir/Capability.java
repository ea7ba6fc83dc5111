package org.pathway.reporting.fhir;

import java.util.Date;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;

/** What reporting's FHIR face offers: search on MeasureReport by measure and period. */
public final class Capability {

  private Capability() {}

  public static CapabilityStatement statement(Date date) {
    CapabilityStatement cs = new CapabilityStatement();
    cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
    cs.setDate(date);
    cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
    cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
    cs.addFormat("application/fhir+json");
    cs.getSoftware().setName("Pathway reporting");
    CapabilityStatement.CapabilityStatementRestComponent rest =
        cs.addRest().setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
    rest.getSecurity()
        .setCors(false)
        .addService(
            new CodeableConcept(
                    new Coding(
                        "http://terminology.hl7.org/CodeSystem/restful-security-service",
                        "SMART-on-FHIR",
                        "SMART-on-FHIR"))
                .setText("SMART Backend Services"));
    rest.getSecurity()
        .setDescription(
            "Bearer token of a commissioner or evaluator with system/MeasureReport.rs (SMART"
                + " Backend Services, Pathway's token endpoint)");
    CapabilityStatement.CapabilityStatementRestResourceComponent r =
        rest.addResource().setType("MeasureReport");
    r.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
    r.addSearchParam()
        .setName("measure")
        .setType(Enumerations.SearchParamType.REFERENCE)
        .setDocumentation("a Measure canonical URL; every Measure when absent");
    r.addSearchParam()
        .setName("period")
        .setType(Enumerations.SearchParamType.DATE)
        .setDocumentation("the referral dates counted (eq/ge/gt/le/lt on a date or month)");
    for (String p : new String[] {"practice", "pcn", "pathway"}) {
      r.addSearchParam()
          .setName(p)
          .setType(Enumerations.SearchParamType.TOKEN)
          .setDocumentation("only referrals with this " + p);
    }
    return cs;
  }
}
