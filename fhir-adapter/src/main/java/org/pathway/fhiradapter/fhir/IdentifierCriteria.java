package org.pathway.fhiradapter.fhir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * A referral asked for by its business identifier: FHIR's token {@code [system]|value} (any system
 * when no bar is given), from a search or from the criteria of a conditional create ({@code
 * If-None-Exist: identifier=system|value}), the one criterion Pathway answers there.
 *
 * @param system the identifier's system; null for any
 * @param value the identifier's value
 */
public record IdentifierCriteria(String system, String value) {

  /**
   * Reads a token; {@code where} names it in a refusal.
   *
   * @throws RequestRejectedException (malformed) for a token without a value
   */
  public static IdentifierCriteria ofToken(String system, String value, String where) {
    if (value == null || value.isBlank()) {
      throw refused(IssueType.INVALID, where, "identifier needs a value ([system]|value)");
    }
    return new IdentifierCriteria(system, value);
  }

  /**
   * Reads a conditional create's criteria ({@code [type?]identifier=[system|]value}, URL-encoded or
   * not), sent where {@code where} says (the If-None-Exist header, a transaction entry).
   *
   * @throws RequestRejectedException (malformed) naming {@code where} for anything else
   */
  public static IdentifierCriteria ofConditionalUrl(String url, String where) {
    String query = url.substring(url.indexOf('?') + 1);
    String[] params = query.split("&");
    if (params.length != 1 || !params[0].startsWith("identifier=")) {
      throw refused(
          IssueType.NOTSUPPORTED,
          where,
          "a conditional create of a ServiceRequest takes one criterion, identifier=system|value");
    }
    String token =
        URLDecoder.decode(params[0].substring("identifier=".length()), StandardCharsets.UTF_8);
    if (token.indexOf(',') >= 0) {
      throw refused(
          IssueType.NOTSUPPORTED, where, "a conditional create takes one identifier, not a list");
    }
    int bar = token.indexOf('|');
    return bar < 0
        ? ofToken(null, token, where)
        : ofToken(token.substring(0, bar), token.substring(bar + 1), where);
  }

  private static RequestRejectedException refused(IssueType type, String where, String message) {
    return new RequestRejectedException(
        RequestRejectedException.Reason.MALFORMED, new Issue(type, where, message));
  }
}
