package org.pathway.deploy.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

/**
 * A portal page as a person's browser gets it: fetched over HTTP (redirects followed, as a browser
 * follows the portal's 303 after an answer), parsed, and read by what it says and what its forms
 * offer, never by ids a person cannot see.
 *
 * @param url where the page ended up, after redirects
 * @param status the HTTP status of the page
 * @param document the parsed page
 */
public record PortalPage(URI url, int status, Document document) {

  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** Opens {@code url} as a link tapped in a mail app: a plain GET. */
  public static PortalPage open(String url) throws IOException, InterruptedException {
    return fetch(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  static PortalPage fetch(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            request
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "text/html")
                .header("Accept-Language", "en-GB")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    URI at = response.uri();
    return new PortalPage(at, response.statusCode(), Jsoup.parse(response.body(), at.toString()));
  }

  /** The page's visible text. */
  public String text() {
    return document.body() == null ? "" : document.body().text();
  }

  /** The page's main heading. */
  public String heading() {
    Element h1 = document.selectFirst("h1");
    return h1 == null ? "" : h1.text();
  }

  /** Whether the page says {@code words}, ignoring case. */
  public boolean says(String words) {
    return text().toLowerCase(Locale.ROOT).contains(words.toLowerCase(Locale.ROOT));
  }

  /**
   * The form whose submit button reads {@code button} (ignoring case), as a person finds the button
   * they want to press.
   */
  public Optional<PageForm> form(String button) {
    for (FormElement form : document.forms()) {
      Optional<Element> pressed = PageForm.button(form, button);
      if (pressed.isPresent()) {
        return Optional.of(new PageForm(this, form, pressed.get()));
      }
    }
    return Optional.empty();
  }

  /** As {@link #form(String)}, failing with what the page offers if no button reads so. */
  public PageForm formWithButton(String button) {
    return form(button)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no '"
                        + button
                        + "' button on the page '"
                        + heading()
                        + "' ("
                        + status
                        + "); it offers: "
                        + document.select("button, input[type=submit]").eachText()));
  }

  /** The link on the page whose text reads {@code words} (ignoring case), resolved. */
  public Optional<String> link(String words) {
    return document.select("a[href]").stream()
        .filter(a -> a.text().toLowerCase(Locale.ROOT).contains(words.toLowerCase(Locale.ROOT)))
        .map(a -> a.absUrl("href"))
        .findFirst();
  }
}
