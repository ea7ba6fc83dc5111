package org.pathway.portal.pages;

/** The NHS number's modulus 11 check, so a mistyped number is explained on the form. */
public final class NhsNumberCheck {

  private NhsNumberCheck() {}

  /** Whether {@code digits} (10 digits, no spaces) is a valid NHS number. */
  public static boolean valid(String digits) {
    if (digits == null || !digits.matches("\\d{10}")) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += (digits.charAt(i) - '0') * (10 - i);
    }
    int check = 11 - (sum % 11);
    if (check == 11) {
      check = 0;
    }
    // A remainder giving 10 means no valid number has these first nine digits.
    return check != 10 && check == digits.charAt(9) - '0';
  }
}
