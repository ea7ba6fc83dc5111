package org.pathway.notifier.template;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pathway.events.avro.Audience;

/**
 * One message template: a subject and a plain-text body with {@code {{field}}} placeholders.
 *
 * @param id the template id a request names, e.g. {@code facilitator-new-member}
 * @param audience the only audience this template may be sent to
 * @param subject subject line (email) or first line (SMS, webhook)
 * @param body plain-text body; the HTML part is derived from it, escaped
 */
public record Template(String id, Audience audience, String subject, String body) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z][A-Za-z0-9]*)}}");

  /** Every field the subject or body refers to. */
  public Set<String> placeholders() {
    Set<String> names = new LinkedHashSet<>();
    for (String part : new String[] {subject, body}) {
      Matcher m = PLACEHOLDER.matcher(part);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  static Pattern placeholderPattern() {
    return PLACEHOLDER;
  }
}
