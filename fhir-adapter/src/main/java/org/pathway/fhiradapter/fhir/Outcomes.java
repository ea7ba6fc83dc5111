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
