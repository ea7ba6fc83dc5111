package org.pathway.portal.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Locale;
import java.util.Map;
import org.pathway.portal.config.SelfReferralConfig;
import org.pathway.portal.flow.PageResult;
import org.pathway.portal.flow.ReferMyself;
import org.pathway.portal.flow.ShowStatus;
import org.pathway.portal.view.Languages;
import org.pathway.portal.view.PageRenderer;

/**
 * {@code GET/POST /self-referral}: the public form where a person refers themselves, no account;
 * {@code GET /referral-status/{token}}: where their referral is, from the link they were given.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class SelfReferralController {

  private final ReferMyself refer;
  private final ShowStatus status;
  private final PageRenderer renderer;
  private final Languages languages;
  private final boolean trustForwardedFor;

  SelfReferralController(
      ReferMyself refer,
      ShowStatus status,
      PageRenderer renderer,
      Languages languages,
      SelfReferralConfig config) {
    this.refer = refer;
    this.status = status;
    this.renderer = renderer;
    this.languages = languages;
    this.trustForwardedFor = config.trustForwardedFor();
  }

  @Get(value = "/self-referral", produces = MediaType.TEXT_HTML)
  public HttpResponse<String> form(
      @Nullable @Header(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    return page(refer.form(), languages.choose(acceptLanguage));
  }

  @Post(value = "/self-referral", produces = MediaType.TEXT_HTML)
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<String> submit(
      HttpRequest<?> request,
      @Body Map<String, String> form,
      @Nullable @Header(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    return page(refer.submit(form, address(request)), languages.choose(acceptLanguage));
  }

  @Get(value = "/referral-status/{token}", produces = MediaType.TEXT_HTML)
  public HttpResponse<String> status(
      @PathVariable String token,
      @Nullable @Header(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
    Locale locale = languages.choose(acceptLanguage);
    return page(status.show(token, locale), locale);
  }

  private String address(HttpRequest<?> request) {
    String forwarded = request.getHeaders().get("X-Forwarded-For");
    if (trustForwardedFor && forwarded != null && !forwarded.isBlank()) {
      // The last entry is the one the trusted proxy appended; earlier ones the client may forge.
      String[] hops = forwarded.split(",");
      return hops[hops.length - 1].strip();
    }
    return request.getRemoteAddress().getAddress().getHostAddress();
  }

  private HttpResponse<String> page(PageResult result, Locale locale) {
    PageResult.Page page = (PageResult.Page) result;
    return HttpResponse.<String>status(HttpStatus.valueOf(page.status()))
        .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
        .body(renderer.render(page.template(), locale, page.model()));
  }
}
