package org.pathway.fhiradapter.fhir;

import java.util.List;

/**
 * A request refused before anything was written: carries the HTTP status and the issues that go
 * into the OperationOutcome.
 */
public class RequestRejectedException extends RuntimeException {

  private final int status;
  private final transient List<Issue> issues;

  public RequestRejectedException(int status, List<Issue> issues) {
    super(issues.isEmpty() ? "rejected" : issues.get(0).message());
    this.status = status;
    this.issues = List.copyOf(issues);
  }

  public RequestRejectedException(int status, Issue issue) {
    this(status, List.of(issue));
  }

  public int status() {
    return status;
  }

  public List<Issue> issues() {
    return issues;
  }
}
