package org.pathway.portal.pages;

import java.util.Arrays;
import java.util.Optional;

/** An answer a person can give on a page; {@link #code()} is the form's {@code action} value. */
public enum Action {
  ACCEPT("accept"),
  DECLINE("decline"),
  CONTACT_ATTEMPT("contact-attempt"),
  FIRST_CONVERSATION("first-conversation"),
  SCORE("score"),
  REFER_ON("refer-on"),
  /** A hub or street coordinator passes a cascade request on to a volunteer or coordinator. */
  PASS_ON("pass-on"),
  WAITLIST("waitlist"),
  ATTENDANCE("attendance"),
  FINISH("finish"),
  CAPACITY("capacity");

  private final String code;

  Action(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** Whether the answer writes a new version of the link's Task (so needs its version). */
  public boolean changesTask() {
    return this != SCORE && this != REFER_ON && this != PASS_ON && this != CAPACITY;
  }

  /** The action a form's {@code action} value names. */
  public static Optional<Action> fromCode(String code) {
    return Arrays.stream(values()).filter(a -> a.code.equals(code)).findFirst();
  }
}
