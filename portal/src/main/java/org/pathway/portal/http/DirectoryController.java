package org.pathway.portal.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.pathway.portal.flow.PageResult;
import org.pathway.portal.flow.SearchDirectory;
import org.pathway.portal.view.Languages;
import org.pathway.portal.view.PageRenderer;

/**
 * {@code GET /directory}: the public directory search for community connectors and volunteers, no
 * login; the form is a GET, so a search is a link that can be shared and works without JavaScript.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class DirectoryController {

  private final SearchDirectory search;
  private final PageRenderer renderer;
  private final Languages languages;

  DirectoryController(SearchDirectory search, PageRenderer renderer, Languages languages) {
    this.search = search;
    this.renderer = renderer;
    this.languages = languages;
  }

  @Get(value = "/directory", produces = MediaType.TEXT_HTML)
  public HttpResponse<String> directory(
      @Nullable @QueryValue String need,
      @Nullable @QueryValue String district,
      @Nullable @QueryValue String places,
      @Nullable @QueryValue String page,
      @Nullable @Header(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    Locale locale = languages.choose(acceptLanguage);
    Map<String, String> form = new HashMap<>();
    put(form, "need", need);
    put(form, "district", district);
    put(form, "places", places);
    put(form, "page", page);
    PageResult.Page result = (PageResult.Page) search.search(form);
    return HttpResponse.<String>status(HttpStatus.valueOf(result.status()))
        .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
        .body(renderer.render(result.template(), locale, result.model()));
  }

  private static void put(Map<String, String> form, String name, String value) {
    if (value != null) {
      form.put(name, value.length() > 200 ? value.substring(0, 200) : value);
    }
  }
}
