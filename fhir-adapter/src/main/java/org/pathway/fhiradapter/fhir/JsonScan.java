package org.pathway.fhiradapter.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The JSON half of {@link InputLimits}: one streaming pass counting depth, top-level Bundle entries
 * and string lengths, without materialising anything.
 */
final class JsonScan {

  private final InputLimits limits;
  private final JsonFactory factory;

  JsonScan(InputLimits limits) {
    this.limits = limits;
    this.factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(limits.maxDepth()).build())
            .build();
  }

  Optional<InputLimits.Refusal> check(byte[] body) {
    try (JsonParser parser = factory.createParser(body)) {
      int depth = 0;
      int entries = 0;
      boolean inEntry = false;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        switch (token) {
          case START_OBJECT, START_ARRAY -> {
            if (inEntry && depth == 2) {
              entries++;
              if (entries > limits.maxEntries()) {
                return refuse(
                    RequestRejectedException.Reason.TOO_LARGE,
                    IssueType.TOOCOSTLY,
                    "Bundle.entry",
                    "Bundle has more than " + limits.maxEntries() + " entries");
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
          case VALUE_STRING -> {
            // getTextLength finishes the token, so the length is of the decoded string.
            if (parser.getTextLength() > limits.maxStringLength()) {
              return refuse(
                  RequestRejectedException.Reason.TOO_LARGE,
                  IssueType.TOOLONG,
                  path(parser),
                  "string longer than " + limits.maxStringLength() + " characters");
            }
          }
          default -> {}
        }
      }
      return Optional.empty();
    } catch (StreamConstraintsException e) {
      return refuse(
          RequestRejectedException.Reason.MALFORMED,
          IssueType.TOOCOSTLY,
          null,
          "JSON nested deeper than " + limits.maxDepth() + " levels");
    } catch (IOException e) {
      return refuse(
          RequestRejectedException.Reason.MALFORMED,
          IssueType.STRUCTURE,
          null,
          "body is not well-formed JSON: " + brief(e));
    }
  }

  /** The JSON pointer of the current value as a FHIRPath-like expression: {@code note[0].text}. */
  private static String path(JsonParser parser) {
    String pointer = parser.getParsingContext().pathAsPointer().toString();
    StringBuilder out = new StringBuilder();
    for (String step : pointer.split("/")) {
      if (step.isEmpty()) {
        continue;
      }
      if (step.chars().allMatch(Character::isDigit)) {
        out.append('[').append(step).append(']');
      } else {
        out.append(out.length() == 0 ? "" : ".").append(Issue.echo(step));
      }
    }
    return out.length() == 0 ? null : out.toString();
  }

  private static Optional<InputLimits.Refusal> refuse(
      RequestRejectedException.Reason reason, IssueType type, String expression, String message) {
    return Optional.of(new InputLimits.Refusal(reason, new Issue(type, expression, message)));
  }

  private static String brief(IOException e) {
    String m = e.getMessage();
    return Issue.echo(m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m));
  }
}
