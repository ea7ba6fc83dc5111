package org.pathway.access.scopes;

import java.util.Collection;

/**
 * A set of SMART scopes, e.g. {@code system/Task.rsu system/ServiceRequest.cr}. v2 permission
 * letters ({@code cruds}) and v1 suffixes ({@code .read}, {@code .write}, {@code .*}) are both
 * understood; {@code *} as resource type means every type.
 */
public final class ScopeSet {

  /** Parses a space-separated scope string (the OAuth {@code scope} parameter or claim). */
  public static ScopeSet parse(String spaceSeparated) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The scopes listed, as in a clients file. */
  public static ScopeSet of(Collection<String> scopes) {
    throw new UnsupportedOperationException("skeleton");
  }

  /**
   * What a token may carry: each requested scope narrowed to what this (registered) set allows,
   * e.g. registered {@code system/Task.rsu} and requested {@code system/Task.rs system/Patient.r}
   * gives {@code system/Task.rs}.
   */
  public ScopeSet grant(ScopeSet requested) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Whether {@code interaction} on {@code resourceType} is within these scopes. */
  public boolean permits(String resourceType, Interaction interaction) {
    throw new UnsupportedOperationException("skeleton");
  }

  public boolean isEmpty() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The scopes space-separated, in canonical form ({@code system/Task.rs}). */
  @Override
  public String toString() {
    throw new UnsupportedOperationException("skeleton");
  }
}
