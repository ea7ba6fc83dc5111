package org.pathway.fhiradapter.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Checks a request body before any full parse: size, JSON nesting depth, Bundle entry count, and no
 * DTD in XML. A streaming scan costs a fraction of a HAPI parse and cannot overflow the stack or
 * build a large object tree, so hostile bodies are refused cheaply (S4, S5).
 *
 * @param maxBytes largest body accepted
 * @param maxDepth deepest JSON nesting accepted
 * @param maxEntries most entries in a Bundle
 */
public record InputLimits(int maxBytes, int maxDepth, int maxEntries) {

  /** The defaults: 1 MiB, depth 64, 500 Bundle entries. */
  public static InputLimits defaults() {
    return new InputLimits(1 << 20, 64, 500);
  }

  /** A refusal: why, and the issue to report. */
  public record Refusal(RequestRejectedException.Reason reason, Issue issue) {}

  /** Checks {@code body}, whose media type is {@code contentType}; empty when acceptable. */
  public Optional<Refusal> check(byte[] body, String contentType) {
    if (body.length > maxBytes) {
      return Optional.of(tooLarge(body.length));
    }
    if (looksLikeXml(body, contentType)) {
      return checkXml(body);
    }
    return checkJson(body);
  }

  /** The refusal for a body of {@code length} bytes, or for one whose declared length is larger. */
  public Refusal tooLarge(long length) {
    return new Refusal(
        RequestRejectedException.Reason.TOO_LARGE,
        new Issue(
            IssueType.TOOLONG,
            null,
            "request body of " + length + " bytes exceeds the limit of " + maxBytes));
  }

  private static boolean looksLikeXml(byte[] body, String contentType) {
    if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("xml")) {
      return true;
    }
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return b == '<';
      }
    }
    return false;
  }

  private Optional<Refusal> checkXml(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
    // FHIR XML never needs a DTD; refusing any DOCTYPE or ENTITY closes XXE and billion laughs.
    if (text.contains("<!DOCTYPE") || text.contains("<!ENTITY")) {
      return Optional.of(
          new Refusal(
              RequestRejectedException.Reason.MALFORMED,
              new Issue(
                  IssueType.SECURITY,
                  null,
                  "XML with a DOCTYPE or ENTITY declaration is not accepted")));
    }
    return Optional.empty();
  }

  private Optional<Refusal> checkJson(byte[] body) {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
            .build();
    try (JsonParser parser = factory.createParser(body)) {
      // Count the elements of the top-level "entry" array without materialising any of them.
      int depth = 0;
      int entries = 0;
      boolean inEntry = false;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        switch (token) {
          case START_OBJECT, START_ARRAY -> {
            if (inEntry && depth == 2) {
              entries++;
              if (entries > maxEntries) {
                return Optional.of(
                    new Refusal(
                        RequestRejectedException.Reason.TOO_LARGE,
                        new Issue(
                            IssueType.TOOCOSTLY,
                            "Bundle.entry",
                            "Bundle has more than " + maxEntries + " entries")));
              }
            }
            if (token == JsonToken.START_ARRAY
                && depth == 1
                && "entry".equals(parser.currentName())) {
              inEntry = true;
            }
            depth++;
          }
          case END_OBJECT, END_ARRAY -> {
            depth--;
            if (depth == 1) {
              inEntry = false;
            }
          }
          default -> {}
        }
      }
      return Optional.empty();
    } catch (StreamConstraintsException e) {
      return Optional.of(
          new Refusal(
              RequestRejectedException.Reason.MALFORMED,
              new Issue(
                  IssueType.TOOCOSTLY, null, "JSON nested deeper than " + maxDepth + " levels")));
    } catch (IOException e) {
      return Optional.of(
          new Refusal(
              RequestRejectedException.Reason.MALFORMED,
              new Issue(IssueType.STRUCTURE, null, "body is not well-formed JSON: " + brief(e))));
    }
  }

  private static String brief(IOException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
