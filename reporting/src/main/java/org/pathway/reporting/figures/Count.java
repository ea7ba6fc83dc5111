package org.pathway.reporting.figures;

/** A published count: the number, or null when it is suppressed (1 to 4). */
public final class Count {

  private Count() {}

  /** The count as published. */
  public static Long published(long count) {
    return Suppression.small(count) ? null : count;
  }
}
