package org.pathway.reporting.figures;

/**
 * NHS data dictionary ethnic category codes (the UK Core EthnicCategory extension's) grouped into
 * the five census groups the equity tables use, so that cells stay large enough to publish.
 */
public final class EthnicGroups {

  private EthnicGroups() {}

  /** The group of a code ({@code A}..{@code Z}); {@code not-stated} for Z, 99 or nothing. */
  public static String of(String code) {
    if (code == null || code.isBlank()) {
      return "not-stated";
    }
    return switch (code.trim().toUpperCase(java.util.Locale.ROOT).charAt(0)) {
      case 'A', 'B', 'C' -> "white";
      case 'D', 'E', 'F', 'G' -> "mixed";
      case 'H', 'J', 'K', 'L' -> "asian";
      case 'M', 'N', 'P' -> "black";
      case 'R', 'S' -> "other";
      default -> "not-stated";
    };
  }
}
