package org.pathway.deploy.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

/**
 * One form of a portal page, filled in as a person would, by the labels they read, and submitted as
 * a browser submits it: the form's successful controls (hidden fields included, unchecked boxes and
 * disabled controls left out) plus the pressed button, URL-encoded, to the form's action.
 */
public final class PageForm {

  private final PortalPage page;
  private final FormElement form;
  private final Element pressed;
  private final String action;

  PageForm(PortalPage page, FormElement form, Element pressed) {
    this.page = page;
    // Resolved on the page's own form: a clone is detached and knows no base URL.
    this.action = form.attr("action").isBlank() ? page.url().toString() : form.absUrl("action");
    this.form = form.clone();
    this.pressed = this.form.select("button, input[type=submit]").get(indexOf(form, pressed));
  }

  /** The submit button of {@code form} that reads {@code words}, ignoring case. */
  static Optional<Element> button(Element form, String words) {
    String wanted = words.toLowerCase(Locale.ROOT);
    return form.select("button, input[type=submit]").stream()
        .filter(b -> !b.attr("type").equalsIgnoreCase("button"))
        .filter(b -> !b.attr("type").equalsIgnoreCase("reset"))
        .filter(b -> label(b).toLowerCase(Locale.ROOT).contains(wanted))
        .findFirst();
  }

  /** Types {@code value} into the text box, number or date field labelled {@code label}. */
  public PageForm fill(String label, String value) {
    control(label).val(value);
    return this;
  }

  /** Picks, in the drop-down labelled {@code label}, the option that reads {@code option}. */
  public PageForm select(String label, String option) {
    Element select = control(label);
    if (!select.tagName().equals("select")) {
      throw new IllegalStateException("'" + label + "' is a " + select.tagName() + ", not a list");
    }
    String wanted = option.toLowerCase(Locale.ROOT);
    Element chosen =
        select.select("option").stream()
            .filter(o -> o.text().toLowerCase(Locale.ROOT).contains(wanted))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no option '"
                            + option
                            + "' in '"
                            + label
                            + "': "
                            + select.select("option").eachText()));
    select.select("option").forEach(o -> o.removeAttr("selected"));
    chosen.attr("selected", "selected");
    return this;
  }

  /** Checks the radio button or box labelled {@code label} (other radios of its group clear). */
  public PageForm choose(String label) {
    Element input = control(label);
    if (input.attr("type").equalsIgnoreCase("radio")) {
      form.select("input[type=radio][name=" + input.attr("name") + "]")
          .forEach(r -> r.removeAttr("checked"));
    }
    input.attr("checked", "checked");
    return this;
  }

  /** The options the drop-down labelled {@code label} offers, as a person reads them. */
  public List<String> options(String label) {
    return control(label).select("option").eachText();
  }

  /** Presses the button: posts the form and follows the answer's redirect to the next page. */
  public PortalPage submit() throws IOException, InterruptedException {
    String method = form.attr("method").isBlank() ? "get" : form.attr("method");
    URI action = URI.create(this.action);
    String body = encode(data());
    if (method.equalsIgnoreCase("post")) {
      return PortalPage.fetch(
          HttpRequest.newBuilder(action)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
    return PortalPage.fetch(HttpRequest.newBuilder(URI.create(action + "?" + body)).GET());
  }

  /** What the browser would send: name and value of each successful control, in order. */
  List<Map.Entry<String, String>> data() {
    List<Map.Entry<String, String>> data = new ArrayList<>();
    for (Element control : form.select("input, select, textarea, button")) {
      String name = control.attr("name");
      if (name.isBlank() || control.hasAttr("disabled")) {
        continue;
      }
      String type = control.attr("type").toLowerCase(Locale.ROOT);
      switch (control.tagName()) {
        case "button" -> {
          if (control == pressed) {
            data.add(Map.entry(name, control.val()));
          }
        }
        case "select" -> {
          Element chosen = control.selectFirst("option[selected]");
          if (chosen == null) {
            chosen = control.selectFirst("option");
          }
          if (chosen != null) {
            data.add(Map.entry(name, chosen.hasAttr("value") ? chosen.val() : chosen.text()));
          }
        }
        case "textarea" -> data.add(Map.entry(name, control.val()));
        default -> {
          if (type.equals("submit")) {
            if (control == pressed) {
              data.add(Map.entry(name, control.val()));
            }
          } else if (type.equals("checkbox") || type.equals("radio")) {
            if (control.hasAttr("checked")) {
              data.add(Map.entry(name, control.hasAttr("value") ? control.val() : "on"));
            }
          } else if (!type.equals("button") && !type.equals("reset") && !type.equals("file")) {
            data.add(Map.entry(name, control.val()));
          }
        }
      }
    }
    return data;
  }

  /** The control a label names: by {@code for}, or the one the label wraps. */
  private Element control(String label) {
    String wanted = label.toLowerCase(Locale.ROOT);
    for (Element l : form.select("label")) {
      if (!l.text().toLowerCase(Locale.ROOT).contains(wanted)) {
        continue;
      }
      if (!l.attr("for").isBlank()) {
        Element byId = form.getElementById(l.attr("for"));
        if (byId != null) {
          return byId;
        }
      }
      Element wrapped = l.selectFirst("input, select, textarea");
      if (wrapped != null) {
        return wrapped;
      }
    }
    throw new IllegalStateException(
        "no control labelled '"
            + label
            + "' in the form; labels: "
            + form.select("label").eachText());
  }

  private static String label(Element button) {
    return button.tagName().equals("button") ? button.text() : button.val();
  }

  private static int indexOf(FormElement form, Element pressed) {
    return form.select("button, input[type=submit]").indexOf(pressed);
  }

  private static String encode(List<Map.Entry<String, String>> data) {
    return data.stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
