package org.pathway.fhiradapter.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.pathway.fhiradapter.fhir.BundleReader;
import org.pathway.fhiradapter.fhir.FreeText;
import org.pathway.fhiradapter.fhir.InputLimits;
import org.pathway.fhiradapter.fhir.ReferralReader;
import org.pathway.fhiradapter.fhir.ReferralSubmission;
import org.pathway.fhiradapter.support.Fixtures;

/**
 * B2: the edge's hot path (limits scan, strict HAPI parse, free-text walk, Bundle and business
 * rules) beside a Jackson tree parse and a HAPI parse alone, on the ~1.2 KB benchmark referral
 * Bundle; {@code freeText} alone shows the walk's share, {@code plainStrings} the one pass over the
 * text that spares a body of plain strings the walk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EdgeChecksBenchmark {

  private byte[] bytes;
  private String text;
  private FhirContext strict;
  private ObjectMapper mapper;
  private InputLimits limits;
  private ReferralReader reader;
  private FreeText freeText;
  private Bundle parsed;

  @Setup
  public void setUp() {
    mapper = new ObjectMapper();
    try {
      text = mapper.readTree(Fixtures.text("bench-referral-bundle.json")).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    bytes = text.getBytes(StandardCharsets.UTF_8);
    strict = FhirContext.forR4();
    strict.setParserErrorHandler(new StrictErrorHandler());
    limits = InputLimits.defaults();
    reader = new ReferralReader(id -> Optional.empty());
    freeText = new FreeText(strict);
    parsed = strict.newJsonParser().parseResource(Bundle.class, text);
  }

  @Benchmark
  public JsonNode jacksonTree() throws Exception {
    return mapper.readTree(bytes);
  }

  @Benchmark
  public Bundle hapiParse() {
    return strict.newJsonParser().parseResource(Bundle.class, text);
  }

  @Benchmark
  public java.util.List<org.pathway.fhiradapter.fhir.Issue> freeText() {
    return freeText.find(parsed);
  }

  @Benchmark
  public boolean plainStrings() {
    return FreeText.onlyPlainStrings(bytes);
  }

  @Benchmark
  public ReferralSubmission edgeChecks() {
    if (limits.check(bytes, "application/fhir+json").isPresent()) {
      throw new IllegalStateException("fixture refused");
    }
    Bundle bundle = strict.newJsonParser().parseResource(Bundle.class, text);
    if (!FreeText.onlyPlainStrings(bytes)) {
      freeText.refuseActiveContent(bundle);
    }
    var contents = BundleReader.transaction(bundle);
    return reader.read(contents.serviceRequest(), contents.byFullUrl(), contents.supporting());
  }
}
