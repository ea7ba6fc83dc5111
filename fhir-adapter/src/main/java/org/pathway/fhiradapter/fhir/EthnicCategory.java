package org.pathway.fhiradapter.fhir;

import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;

/**
 * The person's ethnic category from UK Core's {@code Extension-UKCore-EthnicCategory} on the
 * Patient, as the NHS data dictionary's ethnic category code (A-H, J-N, P, R, S, Z, 99) evaluation
 * reports by.
 *
 * <p>UK Core binds the extension (extensible) to {@code ValueSet/UKCore-EthnicCategory}, which
 * takes {@code CodeSystem/UKCore-EthnicCategoryEngland} (the data dictionary's codes) and {@code
 * UKCore-EthnicCategoryWales}; the older {@code CodeSystem/UKCore-EthnicCategory} (retired) has the
 * same single-letter codes and two-letter sub-categories under them (CA English is under C). Read:
 * an England code as it is, a retired-system code as its letter; a Welsh code is checked but not
 * carried (its A and B mean other groups than England's), nor is a coding in another system. A code
 * not in the system it names is refused, naming the element.
 */
public final class EthnicCategory {

  /** UK Core's extension. */
  public static final String EXTENSION =
      "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory";

  /** The data dictionary's codes (England), UK Core 2.0. */
  public static final String ENGLAND =
      "https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland";

  /** The retired UK Core code system, still sent by older systems. */
  public static final String RETIRED = "https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategory";

  /** Wales' ethnic category codes. */
  public static final String WALES =
      "https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryWales";

  /** The data dictionary's ethnic category codes: what events carry. */
  public static final Set<String> CODES =
      Set.of(
          "A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S", "Z",
          "99");

  private static final Set<String> RETIRED_SUB =
      Set.of(
          "C2", "C3", "CA", "CB", "CC", "CD", "CE", "CF", "CG", "CH", "CJ", "CK", "CL", "CM", "CN",
          "CP", "CQ", "CR", "CS", "CT", "CU", "CV", "CW", "CX", "CY", "GA", "GB", "GC", "GD", "GE",
          "GF", "LA", "LB", "LC", "LD", "LE", "LF", "LG", "LH", "LJ", "LK", "PA", "PB", "PC", "PD",
          "PE", "SA", "SB", "SC", "SD", "SE");

  private static final Set<String> WALES_CODES =
      Set.of("A", "B", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S", "T", "Z");

  private EthnicCategory() {}

  /**
   * Adds an issue for every coding of the extension whose code is not in the system it names, and
   * for an extension that is not a CodeableConcept.
   */
  public static void check(Patient p, String at, List<Issue> issues) {
    List<Extension> found = p.getExtension();
    for (int i = 0; i < found.size(); i++) {
      Extension e = found.get(i);
      if (!EXTENSION.equals(e.getUrl())) {
        continue;
      }
      String path = at + ".extension[" + i + "]";
      if (!(e.getValue() instanceof CodeableConcept cc)) {
        issues.add(
            new Issue(
                IssueType.VALUE,
                path,
                "the ethnic category extension needs valueCodeableConcept coded in " + ENGLAND));
        continue;
      }
      for (int j = 0; j < cc.getCoding().size(); j++) {
        Coding c = cc.getCoding().get(j);
        if (known(c.getSystem()) && !valid(c)) {
          issues.add(
              new Issue(
                  IssueType.CODEINVALID,
                  path + ".valueCodeableConcept.coding[" + j + "].code",
                  "'"
                      + Issue.echo(c.getCode())
                      + "' is not an ethnic category in "
                      + c.getSystem()
                      + (ENGLAND.equals(c.getSystem()) ? " (A-H, J-N, P, R, S, Z or 99)" : "")));
        }
      }
    }
  }

  /**
   * The data dictionary code of the person's ethnic category; null when none is given, or only in a
   * system that is not the data dictionary's. Assumes {@link #check} passed.
   */
  public static String of(Patient p) {
    for (Extension e : p.getExtension()) {
      if (EXTENSION.equals(e.getUrl()) && e.getValue() instanceof CodeableConcept cc) {
        for (Coding c : cc.getCoding()) {
          if (ENGLAND.equals(c.getSystem()) && CODES.contains(c.getCode())) {
            return c.getCode();
          }
          if (RETIRED.equals(c.getSystem()) && c.getCode() != null && valid(c)) {
            return c.getCode().substring(0, 1);
          }
        }
      }
    }
    return null;
  }

  private static boolean known(String system) {
    return ENGLAND.equals(system) || RETIRED.equals(system) || WALES.equals(system);
  }

  private static boolean valid(Coding c) {
    String code = c.getCode();
    if (code == null) {
      return false;
    }
    return switch (c.getSystem()) {
      case ENGLAND -> CODES.contains(code);
      case RETIRED -> (CODES.contains(code) && !"99".equals(code)) || RETIRED_SUB.contains(code);
      default -> WALES_CODES.contains(code);
    };
  }
}
