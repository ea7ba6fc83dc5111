package org.pathway.fhiradapter.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Task;

/**
 * The lengths the ledger's columns hold, checked on the elements that fill them before anything is
 * written, so a value too long is a 4xx naming its element rather than a database error.
 */
public final class StoredLengths {

  /** A logical id (FHIR's own limit, and the ledger's id columns). */
  public static final int ID = 64;

  /** A reference or identifier token as searched ({@code Type/id} or {@code system|value}). */
  public static final int REFERENCE = 256;

  /** An identifier's system or value. */
  public static final int IDENTIFIER = 256;

  /** A code kept as a search column (e.g. a Task's business status). */
  public static final int CODE = 64;

  /** FHIR's id syntax: 1-64 of letters, digits, '-' and '.'. */
  public static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1," + ID + "}");

  private StoredLengths() {}

  /** Adds an issue to {@code issues} when {@code value} is longer than {@code max} characters. */
  public static void check(List<Issue> issues, String expression, String value, int max) {
    if (value != null && value.length() > max) {
      issues.add(
          new Issue(
              IssueType.TOOLONG,
              expression,
              expression + " is " + value.length() + " characters long; at most " + max));
    }
  }

  /** The issues of a Task update whose owner or business status would not fit the ledger. */
  public static List<Issue> ofTask(Task incoming) {
    List<Issue> issues = new ArrayList<>();
    if (incoming.hasOwner()) {
      check(issues, "Task.owner", ReferralReader.tokenOf(incoming.getOwner()), REFERENCE);
    }
    if (incoming.hasBusinessStatus()) {
      check(
          issues,
          "Task.businessStatus.coding[0].code",
          incoming.getBusinessStatus().getCodingFirstRep().getCode(),
          CODE);
    }
    return issues;
  }
}
