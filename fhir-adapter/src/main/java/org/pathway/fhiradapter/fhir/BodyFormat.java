package org.pathway.fhiradapter.fhir;

import java.util.Locale;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The format a request body is declared in by its {@code Content-Type}, whatever parameters ride
 * along: FHIR JSON, FHIR XML, or a form (a {@code POST _search}). Anything else is refused as an
 * unsupported media type, as is any charset but UTF-8, which FHIR R4 requires.
 */
public enum BodyFormat {
  JSON("application/fhir+json; charset=UTF-8"),
  XML("application/fhir+xml; charset=UTF-8"),
  FORM("application/x-www-form-urlencoded; charset=UTF-8");

  private final String canonical;

  BodyFormat(String canonical) {
    this.canonical = canonical;
  }

  /** The media type the body is handed on with, so the parser reads it as it was checked. */
  public String canonicalContentType() {
    return canonical;
  }

  /**
   * The format {@code contentType} declares.
   *
   * @throws RequestRejectedException (unsupported media type) for a type Pathway does not parse, a
   *     charset other than UTF-8, or a missing type
   */
  public static BodyFormat of(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw unsupported("a request body needs a Content-Type: application/fhir+json or +xml");
    }
    String[] parts = contentType.split(";", -1);
    String type = parts[0].trim().toLowerCase(Locale.ROOT);
    BodyFormat format =
        switch (type) {
          case "application/fhir+json", "application/json+fhir", "application/json" -> JSON;
          case "application/fhir+xml", "application/xml+fhir", "application/xml", "text/xml" -> XML;
          case "application/x-www-form-urlencoded" -> FORM;
          default ->
              throw unsupported(
                  "media type '"
                      + Issue.echo(type)
                      + "' is not accepted: send application/fhir+json or application/fhir+xml");
        };
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      int eq = parameter.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = parameter.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      if (name.equals("charset")) {
        String value = unquote(parameter.substring(eq + 1).trim()).toLowerCase(Locale.ROOT);
        if (!value.equals("utf-8") && !value.equals("utf8")) {
          throw unsupported(
              "charset '"
                  + Issue.echo(value)
                  + "' is not accepted: FHIR bodies are UTF-8 (charset=utf-8)");
        }
      }
    }
    return format;
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }

  private static RequestRejectedException unsupported(String message) {
    return new RequestRejectedException(
        RequestRejectedException.Reason.UNSUPPORTED_MEDIA_TYPE,
        new Issue(IssueType.NOTSUPPORTED, null, message));
  }
}
