package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NhsNumberTest {

  @ParameterizedTest
  @ValueSource(strings = {"9434765919", "9000000009", "9434765870", "4010232137"})
  void acceptsNumbersWithCorrectCheckDigit(String nhs) {
    assertThat(NhsNumber.isValid(nhs)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"9434765918", "943476591", "94347659190", "943476591X", "", "1234567890"})
  void rejectsWrongLengthDigitsOrCheckDigit(String nhs) {
    assertThat(NhsNumber.isValid(nhs)).isFalse();
  }

  @Test
  void rejectsNumbersWhoseCheckDigitWouldBeTen() {
    // 1,2,3,4,5,6,7,8,1 weights to a remainder of 1: check digit 10, never valid.
    assertThat(NhsNumber.isValid("1234567810")).isFalse();
    assertThat(NhsNumber.isValid(null)).isFalse();
  }
}
