package org.pathway.portal.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import java.net.URISyntaxException;
import java.util.Map;
import org.pathway.portal.view.Languages;
import org.pathway.portal.view.PageRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A person never sees Micronaut's JSON errors: an unknown address gets the "open the link you were
 * sent" page, anything unexpected the "try again later" page, neither with details.
 */
@Controller
public class ErrorPages {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);

  private final PageRenderer renderer;
  private final Languages languages;

  ErrorPages(PageRenderer renderer, Languages languages) {
    this.renderer = renderer;
    this.languages = languages;
  }

  @Error(status = HttpStatus.NOT_FOUND, global = true)
  public HttpResponse<String> notFound(HttpRequest<?> request) {
    return page(request, HttpStatus.NOT_FOUND, "home");
  }

  @Error(global = true, exception = Throwable.class)
  public HttpResponse<String> failed(HttpRequest<?> request, Throwable e) {
    HttpStatus mistake = callersMistake(e);
    if (mistake != null) {
      // Not a failure of the portal's: the request itself was unusable. The person gets the page
      // an unknown address gets, with the status that says so.
      // The exception's class only: its message may quote the address, and with it a link.
      LOG.info(
          "page {} refused {}: {}",
          request.getMethodName(),
          mistake.getCode(),
          e.getClass().getSimpleName());
      return page(request, mistake, "home");
    }
    LOG.error(
        "page {} {} failed",
        request.getMethodName(),
        request.getPath().replaceAll("/l/.*", "/l/…"),
        e);
    return page(request, HttpStatus.INTERNAL_SERVER_ERROR, "unavailable");
  }

  /**
   * The status for a request that could not be read (an address with characters a URL may not hold,
   * a form without a body, a body over the limit), or null for the portal's own failure.
   */
  static HttpStatus callersMistake(Throwable e) {
    if (e instanceof ContentLengthExceededException) {
      return HttpStatus.REQUEST_ENTITY_TOO_LARGE;
    }
    if (e instanceof URISyntaxException
        || e.getCause() instanceof URISyntaxException
        || e instanceof UnsatisfiedRouteException) {
      return HttpStatus.BAD_REQUEST;
    }
    return null;
  }

  private HttpResponse<String> page(HttpRequest<?> request, HttpStatus status, String template) {
    @Nullable String accept = request.getHeaders().get(HttpHeaders.ACCEPT_LANGUAGE);
    return HttpResponse.<String>status(status)
        .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
        .body(renderer.render(template, languages.choose(accept), Map.of()));
  }
}
