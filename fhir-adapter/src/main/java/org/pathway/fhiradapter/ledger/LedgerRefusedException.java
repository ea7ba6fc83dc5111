package org.pathway.fhiradapter.ledger;

import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.fhiradapter.fhir.Issue;

/**
 * The ledger refused a change and wrote nothing: why, in the ledger's own terms, and the issues
 * (FHIRPath and text) a caller can act on. The HTTP edge decides what status that is.
 */
public class LedgerRefusedException extends RuntimeException {

  /** Why the ledger refused. */
  public enum Reason {
    /**
     * The Task or referral the request addresses is not held, or is another tenant's: the two are
     * answered alike so existence is not revealed.
     */
    NOT_FOUND,
    /** The caller may see the Task but is not the party that may make this change. */
    FORBIDDEN,
    /** The caller named a Task version (If-Match) that is no longer the current one. */
    STALE_VERSION,
    /** The request's X-Request-ID was received before. */
    DUPLICATE_REQUEST,
    /** The Task's state does not allow it: an illegal status move, or a Task entered in error. */
    STATE_CONFLICT,
    /**
     * The content breaks a ledger rule: an element that cannot change, a status without the reason
     * or output it needs, a reference to something not held or not the Task's own.
     */
    BROKEN_RULE
  }

  private final Reason reason;
  private final transient List<Issue> issues;

  public LedgerRefusedException(Reason reason, List<Issue> issues) {
    super(issues.isEmpty() ? reason.name() : issues.get(0).message());
    this.reason = reason;
    this.issues = List.copyOf(issues);
  }

  public LedgerRefusedException(Reason reason, Issue issue) {
    this(reason, List.of(issue));
  }

  /** A repeated X-Request-ID. */
  static LedgerRefusedException duplicateRequest(String requestId) {
    return new LedgerRefusedException(
        Reason.DUPLICATE_REQUEST,
        new Issue(
            IssueType.DUPLICATE, null, "X-Request-ID " + requestId + " has already been received"));
  }

  /** {@code what} is not held, or not the caller's to see. */
  public static LedgerRefusedException notFound(String expression, String what) {
    return new LedgerRefusedException(
        Reason.NOT_FOUND, new Issue(IssueType.NOTFOUND, expression, what + " is not known here"));
  }

  /** The caller may not make this change, naming the element. */
  public static LedgerRefusedException forbidden(String expression, String message) {
    return new LedgerRefusedException(
        Reason.FORBIDDEN, new Issue(IssueType.FORBIDDEN, expression, message));
  }

  public Reason reason() {
    return reason;
  }

  public List<Issue> issues() {
    return issues;
  }
}
