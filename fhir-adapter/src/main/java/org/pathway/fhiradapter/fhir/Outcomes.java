package org.pathway.fhiradapter.fhir;

import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;

/** Builds OperationOutcomes from issues. */
public final class Outcomes {

  private Outcomes() {}

  /** An OperationOutcome with one error issue per problem. */
  public static OperationOutcome errors(List<Issue> issues) {
    var outcome = new OperationOutcome();
    for (Issue issue : issues) {
      var i = outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(issue.type());
      i.setDiagnostics(issue.message());
      if (issue.expression() != null) {
        i.addExpression(issue.expression());
      }
    }
    return outcome;
  }

  /**
   * A refused signed link: one {@code forbidden} issue whose {@code details} carry the refusal code
   * ({@code LinkRefusal.code()}, in {@code CodeSystems.LINK_REFUSAL}), so the portal can show the
   * page that explains it.
   */
  public static OperationOutcome linkRefused(String refusalCode, String message) {
    var outcome = new OperationOutcome();
    outcome
        .addIssue()
        .setSeverity(IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.FORBIDDEN)
        .setDetails(
            new CodeableConcept(
                new Coding(
                    org.pathway.events.vocabulary.CodeSystems.LINK_REFUSAL, refusalCode, null)))
        .setDiagnostics(message);
    return outcome;
  }

  /** BaRS' error codes ({@code REC_CONFLICT}...), carried beside the FHIR issue code. */
  public static final String HTTP_ERROR_CODES = "https://fhir.nhs.uk/CodeSystem/http-error-codes";

  /**
   * The BaRS receiver error code of an HTTP status, as BaRS senders read it from {@code
   * issue.details} (a repeated X-Request-ID is 409 {@code REC_CONFLICT} with issue code {@code
   * duplicate}); null for a status BaRS gives no code.
   */
  public static String barsErrorCode(int status) {
    return switch (status) {
      case 400 -> "REC_BAD_REQUEST";
      case 401 -> "REC_UNAUTHORIZED";
      case 403 -> "REC_FORBIDDEN";
      case 404 -> "REC_NOT_FOUND";
      case 408 -> "REC_TIMEOUT";
      case 409 -> "REC_CONFLICT";
      case 422 -> "REC_UNPROCESSABLE_ENTITY";
      case 500 -> "REC_SERVER_ERROR";
      case 501 -> "REC_NOT_IMPLEMENTED";
      case 503 -> "REC_SERVICE_UNAVAILABLE";
      default -> null;
    };
  }

  /**
   * {@code outcome} with the BaRS error code of {@code status} as the {@code details} of every
   * issue that has none, so a BaRS sender and a plain FHIR client each find their own code.
   */
  public static OperationOutcome withBarsErrorCode(OperationOutcome outcome, int status) {
    String code = barsErrorCode(status);
    if (code == null) {
      return outcome;
    }
    for (var issue : outcome.getIssue()) {
      if (!issue.hasDetails()) {
        issue.setDetails(
            new CodeableConcept(new Coding(HTTP_ERROR_CODES, code, status + " - " + code)));
      }
    }
    return outcome;
  }

  /** A one-issue information outcome. */
  public static OperationOutcome information(String message) {
    var outcome = new OperationOutcome();
    outcome
        .addIssue()
        .setSeverity(IssueSeverity.INFORMATION)
        .setCode(OperationOutcome.IssueType.INFORMATIONAL)
        .setDiagnostics(message);
    return outcome;
  }
}
