package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.Outcomes;
import org.pathway.fhiradapter.fhir.RequestRejectedException;
import org.pathway.fhiradapter.ledger.LedgerRefusedException;
import org.pathway.fhiradapter.ledger.LedgerUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns refusals and outages into HTTP statuses: HAPI exceptions, each answer
 * carrying an OperationOutcome.
 */
final class Errors {

  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

  private Errors() {}

  /**
   * How long a caller refused 503 is told to wait before trying again ({@code Retry-After}, in
   * seconds): an outage of the ledger's connections or a lock given up on is short-lived, and a
   * client that backs off for a second lets the queue that caused it drain.
   */
  static final String RETRY_AFTER_SECONDS = "1";

  /** 503: the ledger could not confirm a write; the caller should retry after a pause. */
  static final class ServiceUnavailableException extends BaseServerResponseException {
    ServiceUnavailableException(String message, IBaseOperationOutcome outcome) {
      super(503, message, outcome);
      addResponseHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
  }

  /**
   * 428: a change that must name the version it replaces (If-Match) did not. HAPI has no exception
   * for it.
   */
  static final class PreconditionRequiredException extends BaseServerResponseException {
    PreconditionRequiredException(String message, IBaseOperationOutcome outcome) {
      super(428, message, outcome);
    }
  }

  /** 428 for an update of {@code type} sent without If-Match. */
  static PreconditionRequiredException ifMatchRequired(String type) {
    String message =
        "an update of a "
            + type
            + " must send If-Match with the version it replaces (read it first)";
    return new PreconditionRequiredException(
        message, Outcomes.errors(List.of(new Issue(IssueType.REQUIRED, "If-Match", message))));
  }

  /** 412 with an OperationOutcome naming the precondition that could not be met. */
  static PreconditionFailedException preconditionFailed(String expression, String message) {
    return new PreconditionFailedException(
        message, Outcomes.errors(List.of(new Issue(IssueType.CONFLICT, expression, message))));
  }

  /** 403 with an OperationOutcome (issue {@code forbidden}) naming what was refused. */
  static ForbiddenOperationException forbidden(String expression, String message) {
    return new ForbiddenOperationException(
        message, Outcomes.errors(List.of(new Issue(IssueType.FORBIDDEN, expression, message))));
  }

  /** 403 for a signed link that does not reach what was asked, with its refusal code. */
  static ForbiddenOperationException linkRefused(
      org.pathway.access.links.LinkRefusal refusal, String message) {
    return new ForbiddenOperationException(message, Outcomes.linkRefused(refusal.code(), message));
  }

  /** Runs {@code work}, translating Pathway's exceptions into FHIR responses. */
  static <T> T guard(Supplier<T> work) {
    try {
      return work.get();
    } catch (RequestRejectedException e) {
      throw toFhir(status(e.reason()), e.getMessage(), e.issues());
    } catch (LedgerRefusedException e) {
      throw toFhir(status(e.reason()), e.getMessage(), e.issues());
    } catch (LedgerUnavailableException e) {
      // The caller is told only to retry; the operator needs the cause, or an outage, a deadlock
      // and an exhausted pool all look alike from outside.
      LOG.warn("answered 503: {} (SQLState {})", e.getMessage(), sqlState(e));
      throw new ServiceUnavailableException(
          "ledger unavailable",
          Outcomes.withBarsErrorCode(
              Outcomes.errors(
                  List.of(
                      new Issue(
                          IssueType.TRANSIENT,
                          null,
                          "the ledger is unavailable; nothing was recorded, retry later"))),
              503));
    }
  }

  /** The SQLState of the first SQL exception among {@code e}'s causes, or {@code none}. */
  private static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return "none";
  }

  /** The status of a request refused on reading. */
  static int status(RequestRejectedException.Reason reason) {
    return switch (reason) {
      case MALFORMED -> 400;
      case TOO_LARGE -> 413;
      case INVALID -> 422;
      case UNSUPPORTED_MEDIA_TYPE -> 415;
    };
  }

  /** The status of a change the ledger refused. */
  static int status(LedgerRefusedException.Reason reason) {
    return switch (reason) {
      case NOT_FOUND -> 404;
      case FORBIDDEN -> 403;
      case STALE_VERSION -> 412;
      case DUPLICATE_REQUEST, STATE_CONFLICT -> 409;
      case BROKEN_RULE -> 422;
    };
  }

  private static BaseServerResponseException toFhir(int status, String msg, List<Issue> issues) {
    OperationOutcome oo = Outcomes.withBarsErrorCode(Outcomes.errors(issues), status);
    return switch (status) {
      case 403 -> new ForbiddenOperationException(msg, oo);
      case 404 -> new ResourceNotFoundException(msg, oo);
      case 409 -> new ResourceVersionConflictException(msg, oo);
      case 412 -> new PreconditionFailedException(msg, oo);
      case 413 -> new PayloadTooLargeException(msg, oo);
      case 422 -> new UnprocessableEntityException(msg, oo);
      case 415 -> new UnclassifiedServerFailureException(415, msg, oo);
      default -> new InvalidRequestException(msg, oo);
    };
  }
}
