package org.pathway.fhiradapter.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The one FhirContext of this JVM: expensive to build, thread-safe to share. */
@Factory
public class FhirSupport {

  /** An R4 context whose parsers refuse unknown elements and invalid values (strict parse). */
  @Singleton
  public FhirContext fhirContext() {
    FhirContext ctx = FhirContext.forR4();
    ctx.setParserErrorHandler(new StrictErrorHandler());
    return ctx;
  }
}
