package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.RequestRejectedException;

/**
 * Search parameters as Pathway answers them: a modifier or chain it does not answer is refused (400
 * naming it), as FHIR asks, never read as the plain parameter ({@code status:text=done} is not
 * {@code status=done}); {@code :not} on a status is answered ({@link #anyOrNot}).
 */
final class SearchParams {

  private SearchParams() {}

  /** {@code p} (null when not sent), refused if it carries a modifier. */
  static TokenParam plain(TokenParam p, String name) {
    if (p == null) {
      return null;
    }
    if (p.getMissing() != null) {
      throw refused(name + ":missing");
    }
    if (p.getModifier() != null) {
      throw refused(name + p.getModifier().getValue());
    }
    return p;
  }

  /** {@code p} (null when not sent), any of its values; refused if it carries a modifier. */
  static TokenOrListParam anyOf(TokenOrListParam p, String name) {
    if (p != null) {
      p.getValuesAsQueryTokens().forEach(t -> plain(t, name));
    }
    return p;
  }

  /**
   * {@code p} (null when not sent), any of its values, or with {@code :not} any but them; refused
   * if it carries another modifier.
   */
  static TokenOrListParam anyOrNot(TokenOrListParam p, String name) {
    if (p == null) {
      return null;
    }
    for (TokenParam t : p.getValuesAsQueryTokens()) {
      if (t.getModifier() != TokenParamModifier.NOT) {
        plain(t, name);
      }
    }
    return p;
  }

  /** {@code p} as {@link #plain(TokenParam, String)}, refused when sent without a value. */
  static TokenParam required(TokenParam p, String name) {
    TokenParam plain = plain(p, name);
    if (plain == null) {
      // HAPI hands a required parameter sent empty ("identifier=", "identifier=,") as null.
      throw new RequestRejectedException(
          RequestRejectedException.Reason.MALFORMED,
          new Issue(IssueType.REQUIRED, name, name + " needs a value"));
    }
    return plain;
  }

  /** {@code p} (null when not sent), refused if it is chained to anything but an identifier. */
  static ReferenceParam plain(ReferenceParam p, String name) {
    if (p == null) {
      return null;
    }
    if (p.getMissing() != null) {
      throw refused(name + ":missing");
    }
    if (p.getChain() != null && !"identifier".equals(p.getChain())) {
      throw refused(name + "." + p.getChain());
    }
    return p;
  }

  private static RequestRejectedException refused(String parameter) {
    return new RequestRejectedException(
        RequestRejectedException.Reason.MALFORMED,
        new Issue(
            IssueType.NOTSUPPORTED,
            parameter,
            parameter + " is not a search Pathway answers (see the CapabilityStatement)"));
  }
}
