package org.pathway.portal.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.util.Locale;
import org.pathway.portal.flow.PageResult;
import org.pathway.portal.flow.StopSharing;
import org.pathway.portal.view.Languages;
import org.pathway.portal.view.PageRenderer;

/**
 * {@code GET /referral-status/{token}/stop-sharing}: the confirm step of a person's "Stop sharing
 * my information"; {@code POST} there records it and answers 303 to {@code .../stopped}, the page
 * saying what happened. Plain forms and links: it works without JavaScript.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class StopSharingController {

  private final StopSharing stop;
  private final PageRenderer renderer;
  private final Languages languages;

  StopSharingController(StopSharing stop, PageRenderer renderer, Languages languages) {
    this.stop = stop;
    this.renderer = renderer;
    this.languages = languages;
  }

  @Get(value = "/referral-status/{token}/stop-sharing", produces = MediaType.TEXT_HTML)
  public HttpResponse<String> confirm(
      @PathVariable String token,
      @Nullable @Header(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    return answer(token, stop.confirm(token), languages.choose(acceptLanguage));
  }

  @Post(value = "/referral-status/{token}/stop-sharing", produces = MediaType.TEXT_HTML)
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<String> stop(
      @PathVariable String token,
      @Nullable @Header(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    return answer(token, stop.stop(token), languages.choose(acceptLanguage));
  }

  @Get(value = "/referral-status/{token}/stopped", produces = MediaType.TEXT_HTML)
  public HttpResponse<String> stopped(
      @PathVariable String token,
      @Nullable @Header(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    return answer(token, stop.stopped(token), languages.choose(acceptLanguage));
  }

  private HttpResponse<String> answer(String token, PageResult result, Locale locale) {
    if (result instanceof PageResult.Redirect redirect) {
      String to =
          StopSharing.STOPPED.equals(redirect.query())
              ? StopSharing.stoppedPath(token)
              : StopSharing.statusPath(token);
      return HttpResponse.<String>status(HttpStatus.SEE_OTHER)
          .headers(h -> h.location(URI.create(to)));
    }
    PageResult.Page page = (PageResult.Page) result;
    return HttpResponse.<String>status(HttpStatus.valueOf(page.status()))
        .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
        .body(renderer.render(page.template(), locale, page.model()));
  }
}
