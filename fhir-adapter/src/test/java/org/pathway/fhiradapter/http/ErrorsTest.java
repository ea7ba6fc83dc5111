package org.pathway.fhiradapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.RequestRejectedException;
import org.pathway.fhiradapter.ledger.LedgerRefusedException;
import org.pathway.fhiradapter.ledger.LedgerUnavailableException;

/**
 * The HTTP edge's one mapping from refusals in Pathway's terms to statuses and OperationOutcomes.
 */
class ErrorsTest {

  private static final Issue ISSUE = new Issue(IssueType.NOTFOUND, "Task.output[0].value", "why");

  @ParameterizedTest
  @CsvSource({"MALFORMED, 400", "TOO_LARGE, 413", "INVALID, 422"})
  void answersARefusedRequestWithItsStatus(RequestRejectedException.Reason reason, int status) {
    var answer = answerTo(() -> new RequestRejectedException(reason, ISSUE));
    assertThat(answer.getStatusCode()).isEqualTo(status);
    assertThat(Errors.status(reason)).isEqualTo(status);
    assertNamesTheElement(answer);
  }

  @ParameterizedTest
  @CsvSource({
    "NOT_FOUND, 404",
    "FORBIDDEN, 403",
    "STALE_VERSION, 412",
    "DUPLICATE_REQUEST, 409",
    "STATE_CONFLICT, 409",
    "BROKEN_RULE, 422"
  })
  void answersALedgerRefusalWithItsStatus(LedgerRefusedException.Reason reason, int status) {
    var answer = answerTo(() -> new LedgerRefusedException(reason, List.of(ISSUE)));
    assertThat(answer.getStatusCode()).isEqualTo(status);
    assertNamesTheElement(answer);
  }

  @Test
  void answersAnUpdateWithoutIfMatchWith428NamingIfMatch() {
    var answer = answerTo(() -> Errors.ifMatchRequired("Task"));
    assertThat(answer.getStatusCode()).isEqualTo(428);
    var oo = (OperationOutcome) answer.getOperationOutcome();
    assertThat(oo.getIssueFirstRep().getCode()).isEqualTo(IssueType.REQUIRED);
    assertThat(oo.getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo("If-Match");
  }

  @Test
  void answersAnOutageWith503Transient() {
    var answer =
        answerTo(() -> new LedgerUnavailableException("down", new java.sql.SQLException("x")));
    assertThat(answer.getStatusCode()).isEqualTo(503);
    var oo = (OperationOutcome) answer.getOperationOutcome();
    assertThat(oo.getIssueFirstRep().getCode()).isEqualTo(IssueType.TRANSIENT);
    assertThat(answer.getResponseHeaders()).containsEntry("Retry-After", java.util.List.of("1"));
  }

  private static BaseServerResponseException answerTo(Supplier<RuntimeException> failure) {
    try {
      Errors.guard(
          () -> {
            throw failure.get();
          });
    } catch (BaseServerResponseException e) {
      return e;
    }
    throw new AssertionError("guard did not translate the failure");
  }

  private static void assertNamesTheElement(BaseServerResponseException answer) {
    var oo = (OperationOutcome) answer.getOperationOutcome();
    assertThat(oo.getIssueFirstRep().getExpression().get(0).getValue())
        .isEqualTo("Task.output[0].value");
  }
}
