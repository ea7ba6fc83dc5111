package org.pathway.fhiradapter.fhir;

import java.util.List;

/**
 * A request refused before anything was written: why, and the issues that go into the
 * OperationOutcome. The HTTP edge decides what status that is.
 */
public class RequestRejectedException extends RuntimeException {

  /** Why a request was refused. */
  public enum Reason {
    /** It cannot be read safely: not well-formed, nested too deep, a DTD, active narrative. */
    MALFORMED,
    /** It is larger than the limits allow (bytes, Bundle entries). */
    TOO_LARGE,
    /** It reads, but breaks a business rule or a profile. */
    INVALID,
    /** Its media type, content coding or character encoding is not one Pathway parses. */
    UNSUPPORTED_MEDIA_TYPE
  }

  private final Reason reason;
  private final transient List<Issue> issues;

  public RequestRejectedException(Reason reason, List<Issue> issues) {
    super(issues.isEmpty() ? "rejected" : issues.get(0).message());
    this.reason = reason;
    this.issues = List.copyOf(issues);
  }

  public RequestRejectedException(Reason reason, Issue issue) {
    this(reason, List.of(issue));
  }

  public Reason reason() {
    return reason;
  }

  public List<Issue> issues() {
    return issues;
  }
}
