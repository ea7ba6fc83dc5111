package org.pathway.router.policy;

import org.pathway.events.avro.Coding;
import org.pathway.events.vocabulary.DeclineReasons;

/** A status reason as a person reads it and as a system files it, the same for every audience. */
final class Reasons {

  private Reasons() {}

  /** Its display, else the decline-reason ValueSet's display for its code, else the bare code. */
  static String display(Coding reason) {
    if (reason == null) {
      return null;
    }
    if (reason.getDisplay() != null && !reason.getDisplay().isBlank()) {
      return reason.getDisplay();
    }
    return DeclineReasons.find(reason.getSystem(), reason.getCode())
        .map(DeclineReasons.Reason::display)
        .orElse(reason.getCode());
  }

  /** {@code system|code}, or null when the reason has no system (free text). */
  static String code(Coding reason) {
    if (reason == null || reason.getSystem() == null || reason.getCode() == null) {
      return null;
    }
    return reason.getSystem() + "|" + reason.getCode();
  }
}
