package org.pathway.portal.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.pathway.portal.flow.GiveAnswer;
import org.pathway.portal.flow.PageResult;
import org.pathway.portal.flow.ShowLink;
import org.pathway.portal.view.Languages;
import org.pathway.portal.view.PageRenderer;

/**
 * {@code GET /l/{token}}: the page a link opens. {@code POST /l/{token}}: an answer from it, always
 * followed by a 303 back to the page, so a refresh never submits twice.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class LinkController {

  private final ShowLink show;
  private final GiveAnswer give;
  private final PageRenderer renderer;
  private final Languages languages;

  LinkController(ShowLink show, GiveAnswer give, PageRenderer renderer, Languages languages) {
    this.show = show;
    this.give = give;
    this.renderer = renderer;
    this.languages = languages;
  }

  @Get(value = "/l/{token}", produces = MediaType.TEXT_HTML)
  public HttpResponse<String> page(
      @PathVariable String token,
      @Nullable @QueryValue String said,
      @Nullable @QueryValue String problem,
      @Nullable @Header(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    Locale locale = languages.choose(acceptLanguage);
    return answer(token, show.show(token, said, problem, locale), locale);
  }

  @Post(value = "/l/{token}", produces = MediaType.TEXT_HTML)
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<String> answer(
      @PathVariable String token,
      @Body Map<String, String> form,
      @Nullable @Header(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    Locale locale = languages.choose(acceptLanguage);
    return answer(token, give.give(token, form), locale);
  }

  /** A page with no link: the same words as a link that is not valid. */
  @Get(value = "/", produces = MediaType.TEXT_HTML)
  public HttpResponse<String> home(
      @Nullable @Header(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    Locale locale = languages.choose(acceptLanguage);
    return HttpResponse.<String>status(HttpStatus.OK)
        .body(renderer.render("home", locale, Map.of()));
  }

  private HttpResponse<String> answer(String token, PageResult result, Locale locale) {
    if (result instanceof PageResult.Redirect redirect) {
      return HttpResponse.<String>status(HttpStatus.SEE_OTHER)
          .headers(
              h ->
                  h.location(
                      URI.create(
                          "/l/"
                              + URLEncoder.encode(token, StandardCharsets.UTF_8)
                              + "?"
                              + redirect.query())));
    }
    PageResult.Page page = (PageResult.Page) result;
    return HttpResponse.<String>status(HttpStatus.valueOf(page.status()))
        .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
        .body(renderer.render(page.template(), locale, page.model()));
  }
}
