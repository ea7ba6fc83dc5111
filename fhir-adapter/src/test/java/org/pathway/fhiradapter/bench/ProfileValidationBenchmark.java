package org.pathway.fhiradapter.bench;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.ProfileValidator;
import org.pathway.fhiradapter.support.Fixtures;

/**
 * B2, reported separately: full profile validation of the benchmark referral Bundle with the UK
 * Core package loaded ({@code -Dpathway.ig-dir}, default {@code ../shared/fhir/uk-core} from the
 * repository root).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProfileValidationBenchmark {

  private ProfileValidator validator;
  private Bundle bundle;

  @Setup
  public void setUp() {
    FhirContext fhir = FhirContext.forR4();
    validator =
        new ProfileValidator(fhir, System.getProperty("pathway.ig-dir", "../shared/fhir/uk-core"));
    bundle =
        fhir.newJsonParser()
            .parseResource(Bundle.class, Fixtures.text("bench-referral-bundle.json"));
  }

  @Benchmark
  public List<Issue> profileValidation() {
    return validator.validate(bundle);
  }
}
