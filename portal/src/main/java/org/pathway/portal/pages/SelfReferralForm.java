package org.pathway.portal.pages;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The self-referral form read: what the person gave, cleaned, and each problem by field (in the
 * order the fields appear, for the error summary). Pure: the day is given, nothing is looked up.
 */
public final class SelfReferralForm {

  /** The honeypot: hidden from people, filled in by bots that fill every field. */
  public static final String HONEYPOT = "website";

  /** Below this age the adapter needs a parent or guardian, which this form does not ask for. */
  public static final int MIN_AGE = 16;

  static final int MAX_NAME = 100;
  static final int MAX_MATTERS = 1000;

  private static final Pattern POSTCODE =
      Pattern.compile("^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ()-]{10,20}$");
  private static final Pattern ODS_PRACTICE = Pattern.compile("^[A-Z][0-9]{5}$");
  // What the adapter refuses in any free text (markup, scripts, control characters), said here.
  private static final Pattern MARKUP =
      Pattern.compile("[<>\\p{Cntrl}&&[^\\r\\n\\t]]|javascript:", Pattern.CASE_INSENSITIVE);

  /**
   * What the person gave.
   *
   * @param contactBy {@code email} or {@code phone}, their preferred way to be contacted
   * @param practice their GP practice's ODS code, or null when they did not ask for it to be told
   * @param nhsNumber 10 digits, or null when not given
   */
  public record Person(
      String givenName,
      String familyName,
      LocalDate birthDate,
      String postcode,
      String contactBy,
      String email,
      String phone,
      String matters,
      String practice,
      String nhsNumber) {}

  /** A field's problem: the field (its id on the page) and the message key saying what to do. */
  public record Problem(String field, String key) {}

  /**
   * The form read.
   *
   * @param values what was typed, trimmed, to show again on error (escaped by the template)
   * @param person the person, when there are no problems; else null
   * @param problems each problem, in page order
   * @param honeypot whether the hidden field was filled: a bot, answered as if accepted
   */
  public record Read(
      Map<String, String> values, Person person, List<Problem> problems, boolean honeypot) {

    public Read {
      values = Map.copyOf(values);
      problems = List.copyOf(problems);
    }

    /** The problem for {@code field}, or null; for the message next to the field. */
    public Problem problem(String field) {
      return problems.stream().filter(p -> p.field().equals(field)).findFirst().orElse(null);
    }
  }

  private SelfReferralForm() {}

  /** Reads a posted form on {@code today} (the person's age is taken on that day). */
  public static Read read(Map<String, String> form, LocalDate today) {
    Map<String, String> v = new HashMap<>();
    for (String name :
        List.of(
            "given-name",
            "family-name",
            "dob-day",
            "dob-month",
            "dob-year",
            "postcode",
            "contact-by",
            "email",
            "phone",
            "matters",
            "nhs-number",
            "consent-contact",
            "tell-gp",
            "practice")) {
      String value = form.get(name);
      v.put(name, value == null ? "" : value.strip());
    }
    boolean honeypot = !form.getOrDefault(HONEYPOT, "").isBlank();
    List<Problem> problems = new ArrayList<>();

    text(v, "given-name", MAX_NAME, problems);
    text(v, "family-name", MAX_NAME, problems);
    LocalDate birthDate = birthDate(v, today, problems);
    String postcode = postcode(v.get("postcode"));
    if (v.get("postcode").isEmpty()) {
      problems.add(new Problem("postcode", "selfref.problem.postcode.missing"));
    } else if (postcode == null) {
      problems.add(new Problem("postcode", "selfref.problem.postcode.invalid"));
    }
    String contactBy = v.get("contact-by");
    if (!contactBy.equals("email") && !contactBy.equals("phone")) {
      problems.add(new Problem("contact-by", "selfref.problem.contact-by.missing"));
    }
    String email = v.get("email");
    if (email.isEmpty() && contactBy.equals("email")) {
      problems.add(new Problem("email", "selfref.problem.email.missing"));
    } else if (!email.isEmpty() && (!EMAIL.matcher(email).matches() || email.length() > 254)) {
      problems.add(new Problem("email", "selfref.problem.email.invalid"));
    }
    String phone = v.get("phone");
    if (phone.isEmpty() && contactBy.equals("phone")) {
      problems.add(new Problem("phone", "selfref.problem.phone.missing"));
    } else if (!phone.isEmpty() && !PHONE.matcher(phone).matches()) {
      problems.add(new Problem("phone", "selfref.problem.phone.invalid"));
    }
    text(v, "matters", MAX_MATTERS, problems);
    String nhsNumber = v.get("nhs-number").replaceAll("[\\s-]", "");
    if (!nhsNumber.isEmpty() && !NhsNumberCheck.valid(nhsNumber)) {
      problems.add(new Problem("nhs-number", "selfref.problem.nhs-number.invalid"));
    }
    if (!v.get("consent-contact").equals("yes")) {
      problems.add(new Problem("consent-contact", "selfref.problem.consent-contact.missing"));
    }
    boolean tellGp = v.get("tell-gp").equals("yes");
    String practice = v.get("practice").toUpperCase(Locale.ROOT);
    if (tellGp && practice.isEmpty()) {
      problems.add(new Problem("practice", "selfref.problem.practice.missing"));
    } else if (tellGp && !ODS_PRACTICE.matcher(practice).matches()) {
      problems.add(new Problem("practice", "selfref.problem.practice.invalid"));
    }

    Person person =
        problems.isEmpty()
            ? new Person(
                v.get("given-name"),
                v.get("family-name"),
                birthDate,
                postcode,
                contactBy,
                email.isEmpty() ? null : email,
                phone.isEmpty() ? null : phone,
                v.get("matters"),
                tellGp ? practice : null,
                nhsNumber.isEmpty() ? null : nhsNumber)
            : null;
    return new Read(v, person, problems, honeypot);
  }

  /** A UK postcode in its usual form ({@code LS6 1LF}), or null when it is not one. */
  static String postcode(String typed) {
    var m = POSTCODE.matcher(typed.toUpperCase(Locale.ROOT).replaceAll("\\s+", " "));
    return m.matches() ? m.group(1) + " " + m.group(2) : null;
  }

  private static void text(Map<String, String> v, String field, int max, List<Problem> problems) {
    String value = v.get(field);
    if (value.isEmpty()) {
      problems.add(new Problem(field, "selfref.problem." + field + ".missing"));
    } else if (value.length() > max) {
      problems.add(new Problem(field, "selfref.problem." + field + ".long"));
    } else if (MARKUP.matcher(value).find()) {
      problems.add(new Problem(field, "selfref.problem.markup"));
    }
  }

  private static LocalDate birthDate(Map<String, String> v, LocalDate today, List<Problem> out) {
    String d = v.get("dob-day");
    String m = v.get("dob-month");
    String y = v.get("dob-year");
    if (d.isEmpty() && m.isEmpty() && y.isEmpty()) {
      out.add(new Problem("dob-day", "selfref.problem.dob.missing"));
      return null;
    }
    LocalDate date;
    try {
      if (!d.matches("\\d{1,2}") || !m.matches("\\d{1,2}") || !y.matches("\\d{4}")) {
        throw new DateTimeException("not numbers");
      }
      date = LocalDate.of(Integer.parseInt(y), Integer.parseInt(m), Integer.parseInt(d));
    } catch (DateTimeException e) {
      out.add(new Problem("dob-day", "selfref.problem.dob.invalid"));
      return null;
    }
    if (!date.isBefore(today) || date.isBefore(today.minusYears(120))) {
      out.add(new Problem("dob-day", "selfref.problem.dob.invalid"));
      return null;
    }
    if (Period.between(date, today).getYears() < MIN_AGE) {
      out.add(new Problem("dob-day", "selfref.problem.dob.young"));
      return null;
    }
    return date;
  }
}
