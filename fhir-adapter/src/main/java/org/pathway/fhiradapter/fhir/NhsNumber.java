package org.pathway.fhiradapter.fhir;

/** The NHS number check: ten digits whose last is the modulus 11 check digit of the first nine. */
public final class NhsNumber {

  /** The FHIR identifier system of an NHS number. */
  public static final String SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";

  private NhsNumber() {}

  /** True when {@code value} is ten digits with a correct modulus 11 check digit. */
  public static boolean isValid(String value) {
    if (value == null || value.length() != 10) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 10; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      if (i < 9) {
        sum += (c - '0') * (10 - i);
      }
    }
    int check = 11 - (sum % 11);
    if (check == 11) {
      check = 0;
    }
    // A remainder giving 10 means no valid check digit exists for these nine digits.
    return check != 10 && check == value.charAt(9) - '0';
  }
}
