package org.pathway.deploy.demo;

/** A hop of the demo's pathway whose evidence did not arrive. */
public final class HopFailed extends RuntimeException {
  private static final long serialVersionUID = 1L;

  HopFailed(String message, Throwable cause) {
    super(message, cause);
  }
}
