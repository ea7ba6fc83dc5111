package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.fhir.RequestRejectedException.Reason;

class InputLimitsTest {

  private final InputLimits limits = new InputLimits(10_000, 16, 3);

  @Test
  void acceptsOrdinaryJson() {
    assertThat(limits.check(bytes("{\"resourceType\":\"Bundle\",\"entry\":[{},{},{}]}"), null))
        .isEmpty();
  }

  @Test
  void refusesTooManyBundleEntriesAsTooLarge() {
    var refusal =
        limits.check(bytes("{\"resourceType\":\"Bundle\",\"entry\":[{},{},{},{}]}"), null);
    assertThat(refusal).get().extracting(InputLimits.Refusal::reason).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void refusesDeepNestingWithoutStackOverflow() {
    String deep = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
    var refusal = new InputLimits(1 << 20, 64, 500).check(bytes(deep), "application/fhir+json");
    assertThat(refusal).get().extracting(InputLimits.Refusal::reason).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void refusesOversizeBodyAsTooLarge() {
    assertThat(limits.check(new byte[10_001], null))
        .get()
        .extracting(InputLimits.Refusal::reason)
        .isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void refusesXmlWithDoctype() {
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>";
    assertThat(limits.check(bytes(xml), "application/fhir+xml")).isPresent();
  }

  @Test
  void nestedEntryArraysAreNotCountedAsBundleEntries() {
    String json = "{\"resourceType\":\"Bundle\",\"entry\":[{\"x\":{\"entry\":[1,2,3,4,5]}}]}";
    assertThat(limits.check(bytes(json), null)).isEmpty();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
