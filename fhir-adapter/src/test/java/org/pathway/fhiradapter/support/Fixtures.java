package org.pathway.fhiradapter.support;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/** FHIR fixtures from {@code src/test/resources/r4}, with a fresh business identifier each time. */
public final class Fixtures {

  public static final FhirContext FHIR = FhirContext.forR4();
  public static final String IDENTIFIER_SYSTEM = "https://fhir.example-gp.nhs.uk/Id/referral";

  private Fixtures() {}

  public static String text(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/r4/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture r4/" + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T extends Resource> T parse(Class<T> type, String path) {
    return FHIR.newJsonParser().parseResource(type, text(path));
  }

  /** The plain ServiceRequest referral (Patient contained) with a new identifier value. */
  public static ServiceRequest referral() {
    ServiceRequest sr = parse(ServiceRequest.class, "referral-servicerequest.json");
    sr.getIdentifierFirstRep().setValue(UUID.randomUUID().toString());
    return sr;
  }

  /**
   * The plain referral sent by the practice with ODS code {@code ods}, to be worked by {@code
   * performer} (a {@code HealthcareService/<id>} reference; null for the router to decide).
   */
  public static ServiceRequest referral(String ods, String performer) {
    ServiceRequest sr = referral();
    sr.getRequester().getIdentifier().setValue(ods);
    if (performer != null) {
      sr.addPerformer(new org.hl7.fhir.r4.model.Reference(performer));
    }
    return sr;
  }

  /**
   * A link-worker service's onward referral: {@code fromService} refers the person of {@code
   * original} on to the group {@code group}, based on that referral.
   */
  public static ServiceRequest onward(
      String originalId, String patientRef, String fromService, String group) {
    ServiceRequest onward = new ServiceRequest();
    onward
        .addIdentifier()
        .setSystem("https://linkworker.example.org/Id/onward")
        .setValue(UUID.randomUUID().toString());
    onward.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    onward.setIntent(ServiceRequest.ServiceRequestIntent.FILLERORDER);
    onward
        .getCode()
        .setText("Walking group")
        .addCoding()
        .setSystem("http://snomed.info/sct")
        .setCode("229065009");
    onward.addBasedOn(new org.hl7.fhir.r4.model.Reference("ServiceRequest/" + originalId));
    onward.setSubject(new org.hl7.fhir.r4.model.Reference(patientRef));
    onward.setRequester(
        new org.hl7.fhir.r4.model.Reference("HealthcareService/" + fromService)
            .setIdentifier(
                new org.hl7.fhir.r4.model.Identifier()
                    .setSystem("https://pathway.example.org/Id/directory")
                    .setValue(fromService)));
    onward.addPerformer(new org.hl7.fhir.r4.model.Reference("HealthcareService/" + group));
    onward.addReasonCode().setText("Lives alone since bereavement; low mood");
    return onward;
  }

  /** A Bundle fixture whose ServiceRequest gets a new identifier value. */
  public static Bundle bundle(String path) {
    Bundle b = parse(Bundle.class, path);
    b.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource)
        .filter(ServiceRequest.class::isInstance)
        .forEach(
            r ->
                ((ServiceRequest) r)
                    .getIdentifierFirstRep()
                    .setValue(UUID.randomUUID().toString()));
    return b;
  }
}
