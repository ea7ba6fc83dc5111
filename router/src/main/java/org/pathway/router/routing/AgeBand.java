package org.pathway.router.routing;

/** An inclusive age range in whole years; either end may be open (null). */
public record AgeBand(Integer min, Integer max) {

  public boolean contains(int age) {
    return (min == null || age >= min) && (max == null || age <= max);
  }

  @Override
  public String toString() {
    return (min == null ? "" : min) + "-" + (max == null ? "" : max);
  }
}
