package org.pathway.fhiradapter.fhir;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * One problem with a request, named by the FHIRPath of the failing element.
 *
 * @param type the OperationOutcome issue type
 * @param expression FHIRPath of the element at fault, or null for the whole request
 * @param message a sentence a developer at the sending system can act on
 */
public record Issue(IssueType type, String expression, String message) {

  /**
   * A value the caller sent, fit to repeat in a message: printable ASCII only, at most 64
   * characters, so a refusal cannot carry markup, control characters or a megabyte back out.
   */
  public static String echo(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), 64));
    for (int i = 0; i < value.length() && out.length() < 64; i++) {
      char c = value.charAt(i);
      out.append(c >= 0x20 && c < 0x7f && c != '<' && c != '>' ? c : '?');
    }
    return value.length() > 64 ? out + "..." : out.toString();
  }
}
