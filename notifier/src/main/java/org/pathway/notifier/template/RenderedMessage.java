package org.pathway.notifier.template;

import java.util.Map;

/**
 * A template rendered for one request.
 *
 * @param subject subject line, plain text
 * @param text plain-text body
 * @param html HTML body; every character that came from a field or the template is escaped
 * @param fields the allowlisted fields that were available to the template
 */
public record RenderedMessage(
    String subject, String text, String html, Map<String, String> fields) {

  public RenderedMessage {
    fields = Map.copyOf(fields);
  }
}
