package org.pathway.fhiradapter.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/** The one FhirContext of this JVM: expensive to build, thread-safe to share. */
@Factory
public class FhirSupport {

  /**
   * The context {@code main} began warming before the application context started ({@link
   * FhirWarmUp}); a context started otherwise (a test's) builds and warms it here.
   */
  @Singleton
  public FhirContext fhirContext(@Nullable FhirWarmUp warmUp) {
    return (warmUp != null ? warmUp : FhirWarmUp.now()).context();
  }
}
