package org.pathway.notifier.template;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import org.pathway.events.notifications.NotificationTemplates;

/** Renders a template from request fields, keeping only the fields its audience may see. */
public final class Renderer {

  private Renderer() {}

  /**
   * Renders {@code template}. Fields outside the audience allowlist are dropped before rendering,
   * so they cannot appear in any part of the output, whatever the template says. A field written
   * under a former name (by an older router) is read under its current one.
   */
  public static RenderedMessage render(Template template, Map<String, String> fields) {
    Map<String, String> requestFields = NotificationTemplates.currentNames(fields);
    Map<String, String> allowed = new TreeMap<>();
    for (String name : Allowlists.of(template.audience())) {
      String value = requestFields.get(name);
      if (value != null) {
        allowed.put(name, value);
      }
    }
    String subject = oneLine(fill(template.subject(), allowed));
    String text = fill(template.body(), allowed).strip();
    return new RenderedMessage(subject, text, toHtml(subject, text), allowed);
  }

  /** Escapes {@code s} for HTML text and attribute values. */
  public static String escapeHtml(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String fill(String pattern, Map<String, String> fields) {
    Matcher m = Template.placeholderPattern().matcher(pattern);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(fields.getOrDefault(m.group(1), "")));
    }
    m.appendTail(out);
    return out.toString();
  }

  // A subject with a newline in it would let a field inject mail headers.
  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]+", " ").strip();
  }

  // The HTML part is the text part, escaped as a whole: no value can open a tag or a link.
  private static String toHtml(String subject, String text) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\">");
    html.append("<title>").append(escapeHtml(subject)).append("</title></head><body>");
    for (String paragraph : text.split("\\n\\s*\\n")) {
      html.append("<p>").append(escapeHtml(paragraph.strip()).replace("\n", "<br>")).append("</p>");
    }
    return html.append("</body></html>").toString();
  }
}
