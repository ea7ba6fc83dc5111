package org.pathway.fhiradapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.support.Fixtures;

class InternalErrorsTest {

  private static final String SQL_TEXT =
      "ledger SQL failed: ERROR: value too long for type character varying(64)";

  @Test
  void anUnexpectedExceptionBecomesAGeneric500CarryingOnlyTheCorrelationId() {
    var answer = InternalErrors.answerFor(new IllegalStateException(SQL_TEXT), "corr-123");
    assertThat(answer.getStatusCode()).isEqualTo(500);
    String body =
        Fixtures.FHIR
            .newJsonParser()
            .encodeResourceToString((OperationOutcome) answer.getOperationOutcome());
    assertThat(body + answer.getMessage())
        .contains("corr-123")
        .doesNotContain("SQL")
        .doesNotContain("varying")
        .doesNotContain("IllegalState");
  }

  @Test
  void hapisOwnWrappedInternalErrorIsConcealedToo() {
    var wrapped =
        new InternalErrorException("Failed to call access method: " + SQL_TEXT, new Exception());
    var answer = InternalErrors.answerFor(wrapped, "c");
    assertThat(answer.getMessage()).doesNotContain("SQL");
  }

  @Test
  void hapisRefusalsKeepTheirStatusAndWordsButNotTheFrameworkCodes() {
    var refusal =
        new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(
            "HAPI-0450: Failed to parse request body. Error was: HAPI-1861: bad JSON");
    assertThat(InternalErrors.answerFor(refusal, "c")).isNull();
    var oo = (OperationOutcome) refusal.getOperationOutcome();
    assertThat(oo.getIssueFirstRep().getDiagnostics())
        .isEqualTo("Failed to parse request body. Error was: bad JSON");
  }

  @Test
  void aParserFailureOutsideTheRequestsParametersIsStillAConcealed500() {
    // a stored resource HAPI could not read is the server's fault, not the caller's
    var answer =
        InternalErrors.answerFor(
            new ca.uhn.fhir.parser.DataFormatException("HAPI-1861: stored Task: " + SQL_TEXT), "c");
    assertThat(answer.getStatusCode()).isEqualTo(500);
    assertThat(answer.getMessage()).doesNotContain("SQL");
  }

  @Test
  void deliberateRefusalsAndOutagesKeepTheirOwnAnswer() {
    assertThat(InternalErrors.answerFor(new UnprocessableEntityException("no"), "c")).isNull();
    assertThat(InternalErrors.answerFor(new Errors.ServiceUnavailableException("down", null), "c"))
        .isNull();
  }
}
