package org.pathway.fhiradapter.evaluation;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;

/**
 * The age bands evaluation reports by, defined once: {@code 0-15, 16-17, 18-24, 25-34, 35-44,
 * 45-54, 55-64, 65-74, 75+}, by age in whole years on the day the referral was authored. They
 * follow the ten-year bands of ONS tables from 25 up, with the under-16 / 16-17 / 18-24 split that
 * separates children's, young people's and adult services (the youth pathway's boundary).
 */
public final class AgeBands {

  /** Every band's label, youngest first; the labels events carry in {@code ageBand}. */
  public static final List<String> LABELS =
      List.of("0-15", "16-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+");

  // The youngest age of each band, in LABELS' order.
  private static final int[] FROM = {0, 16, 18, 25, 35, 45, 55, 65, 75};

  private AgeBands() {}

  /**
   * The band of a person born on {@code birthDate}, on {@code on}; null when either is unknown or
   * the birth date is after {@code on} (a date no band can hold).
   */
  public static String of(LocalDate birthDate, LocalDate on) {
    if (birthDate == null || on == null || birthDate.isAfter(on)) {
      return null;
    }
    int age = Period.between(birthDate, on).getYears();
    String band = LABELS.get(0);
    for (int i = 0; i < FROM.length; i++) {
      if (age >= FROM[i]) {
        band = LABELS.get(i);
      }
    }
    return band;
  }
}
