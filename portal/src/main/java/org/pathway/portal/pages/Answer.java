package org.pathway.portal.pages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A submitted form: the action, the Task version the page showed, the answer id made when the page
 * was rendered, and the fields the person filled in.
 *
 * @param action what was answered
 * @param version the Task version the page showed (If-Match)
 * @param answerId the hidden id the page carried, the base of the {@code X-Request-ID}
 * @param fields every submitted field, as sent
 */
public record Answer(Action action, int version, String answerId, Map<String, String> fields) {

  private static final Pattern ANSWER_ID = Pattern.compile("[0-9a-f]{8,64}");

  /** A form as posted; refuses one no page of the portal could have sent. */
  public static Answer parse(Map<String, String> form) throws AnswerProblem {
    Action action =
        Action.fromCode(form.getOrDefault("action", ""))
            .orElseThrow(() -> new AnswerProblem("problem.form"));
    String answerId = form.getOrDefault("answer", "");
    if (!ANSWER_ID.matcher(answerId).matches()) {
      throw new AnswerProblem("problem.form");
    }
    int version;
    try {
      version = Integer.parseInt(form.getOrDefault("version", ""));
    } catch (NumberFormatException e) {
      throw new AnswerProblem("problem.form");
    }
    return new Answer(action, version, answerId, Map.copyOf(form));
  }

  /**
   * The id the page carries for an answer of {@code action} to version {@code version} of the Task
   * a link names: the same page gives the same id, so a form submitted twice is one answer.
   */
  public static String idFor(String linkId, String taskId, int version, Action action) {
    return hash(linkId + "|" + taskId + "|" + version + "|" + action.code(), 32);
  }

  /**
   * The {@code X-Request-ID} sent with this answer: the page's id, and for answers that do not
   * write the Task (so no version tells them apart) what was answered, so a second, different score
   * or capacity report is a new request while a resubmitted one is the same.
   */
  public String requestId() {
    if (action.changesTask()) {
      return "portal-" + answerId;
    }
    String content =
        switch (action) {
          case SCORE -> field("instrument") + "|" + field("timing") + "|" + field("score");
          case REFER_ON, PASS_ON -> field("service");
          case CAPACITY -> field("places") + "|" + field("waitlist");
          default -> "";
        };
    return "portal-" + answerId + "-" + hash(content, 12);
  }

  /** A submitted field, trimmed; empty when absent. */
  public String field(String name) {
    String value = fields.get(name);
    return value == null ? "" : value.trim();
  }

  /** A required date field (ISO {@code yyyy-mm-dd}, as a date input sends it). */
  public LocalDate date(String name, String problemKey) throws AnswerProblem {
    try {
      return LocalDate.parse(field(name));
    } catch (DateTimeParseException e) {
      throw new AnswerProblem(problemKey);
    }
  }

  /** A required whole number between {@code min} and {@code max}. */
  public int number(String name, int min, int max, String problemKey) throws AnswerProblem {
    try {
      int n = Integer.parseInt(field(name));
      if (n < min || n > max) {
        throw new AnswerProblem(problemKey);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new AnswerProblem(problemKey);
    }
  }

  private static String hash(String text, int length) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      // Hex: the adapter takes X-Request-ID as 1-128 of [A-Za-z0-9._:-].
      return HexFormat.of().formatHex(digest).substring(0, length);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
