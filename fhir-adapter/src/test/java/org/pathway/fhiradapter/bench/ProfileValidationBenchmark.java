package org.pathway.fhiradapter.bench;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
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
 * B2, reported separately: full profile validation of the benchmark referral Bundle's resources,
 * one by one as intake does when {@code FHIR_VALIDATION} is on (the ServiceRequest against
 * Pathway's referral profile). {@code -Dpathway.ig-dir} adds an operator's IG packages (e.g. UK
 * Core); none by default.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProfileValidationBenchmark {

  private ProfileValidator validator;
  private List<Resource> resources;

  @Setup
  public void setUp() {
    FhirContext fhir = FhirContext.forR4();
    validator = new ProfileValidator(fhir, System.getProperty("pathway.ig-dir", ""));
    Bundle bundle =
        fhir.newJsonParser()
            .parseResource(Bundle.class, Fixtures.text("bench-referral-bundle.json"));
    resources = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
  }

  @Benchmark
  public List<Issue> profileValidation() {
    List<Issue> issues = new ArrayList<>();
    for (Resource r : resources) {
      issues.addAll(validator.validate(r));
    }
    return issues;
  }
}
