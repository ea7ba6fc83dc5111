package org.pathway.fhiradapter.fhir;

import java.util.List;
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
