package org.pathway.fhiradapter.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The one FhirContext of this JVM: expensive to build, thread-safe to share. */
@Factory
public class FhirSupport {

  /**
   * An R4 context whose parsers refuse unknown elements and invalid values (strict parse) and keep
   * the version of the references that must carry one.
   */
  @Singleton
  public FhirContext fhirContext() {
    FhirContext ctx = FhirContext.forR4();
    ctx.setParserErrorHandler(new StrictErrorHandler());
    // A Provenance names the Task version its change produced; HAPI would strip the version.
    ctx.getParserOptions().setDontStripVersionsFromReferencesAtPaths("Provenance.target");
    return ctx;
  }
}
