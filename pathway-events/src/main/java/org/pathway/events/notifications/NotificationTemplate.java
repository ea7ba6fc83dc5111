package org.pathway.events.notifications;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pathway.events.avro.Audience;

/**
 * One template a {@code NotificationRequested} may name: who it is for and the only fields its
 * {@code fields} map may carry. The router builds requests against it; the notifier renders against
 * it and drops anything else again.
 *
 * @param id the {@code templateId}
 * @param audience who receives it
 * @param fields every field name the request may carry for it
 */
public record NotificationTemplate(String id, Audience audience, Set<String> fields) {

  /** The field holding the signed link a template's recipient answers with. */
  public static final String RESPOND_URL = "respondUrl";

  public NotificationTemplate {
    fields = Set.copyOf(fields);
  }

  /** Whether this template asks its recipient for an answer, through {@link #RESPOND_URL}. */
  public boolean asksForAnswer() {
    return fields.contains(RESPOND_URL);
  }

  /** Refuses {@code values} if it carries a field outside this template's list. */
  public void check(Map<String, String> values) {
    Set<String> extra = new TreeSet<>(values.keySet());
    extra.removeAll(fields);
    if (!extra.isEmpty()) {
      throw new IllegalArgumentException(
          "fields " + extra + " are not part of template " + id + " for " + audience);
    }
  }
}
