package org.pathway.reporting.http;

import io.micronaut.http.MediaType;

/** FHIR's JSON media type. */
final class FhirMedia {

  static final MediaType FHIR_JSON = MediaType.of("application/fhir+json");

  private FhirMedia() {}
}
