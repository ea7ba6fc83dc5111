package org.pathway.fhiradapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.RequestRejectedException;
import org.pathway.fhiradapter.ledger.LedgerBusyException;
import org.pathway.fhiradapter.ledger.LedgerRefusedException;
import org.pathway.fhiradapter.ledger.LedgerUnavailableException;
import org.slf4j.LoggerFactory;

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

  @Test
  void logsEach503WithItsCauseAndSqlStateSoAnOperatorCanTellAnOutageFromADeadlock() {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger logger = (Logger) LoggerFactory.getLogger(Errors.class);
    logger.addAppender(log);
    try {
      var deadlock = new SQLException("deadlock detected", "40P01");
      var answer =
          answerTo(
              () ->
                  new LedgerBusyException(
                      "ledger busy, try again: deadlock detected",
                      new RuntimeException("wrapped", deadlock)));
      assertThat(answer.getStatusCode()).isEqualTo(503);
      answerTo(() -> new RequestRejectedException(RequestRejectedException.Reason.INVALID, ISSUE));
    } finally {
      logger.detachAppender(log);
    }
    assertThat(log.list)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.WARN);
              assertThat(event.getFormattedMessage())
                  .contains("503", "deadlock detected", "SQLState 40P01");
            });
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
