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
