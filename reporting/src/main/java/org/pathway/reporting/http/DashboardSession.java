package org.pathway.reporting.http;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;

/**
 * How a commissioner's browser carries its bearer token to the dashboard. A browser cannot add an
 * {@code Authorization} header to a page it opens, so the token the commissioner got from Pathway's
 * token endpoint is posted once to {@code /dashboard/session} and kept in a cookie that only the
 * dashboard's paths receive: {@code HttpOnly} (no script reads it), {@code Secure}, {@code
 * SameSite=Strict} (no other site's page or form sends it). The token is itself signed and
 * expiring, so the session is exactly as good and as long-lived as the token, and every request
 * verifies it again. A proxy in front that adds {@code Authorization} works too.
 */
public final class DashboardSession {

  /** The cookie's name. */
  public static final String COOKIE = "pathway_dashboard";

  /** The paths the cookie is sent to. */
  public static final String PATH = "/dashboard";

  private DashboardSession() {}

  /** The request's {@code Authorization} value: the header, else the session cookie's token. */
  public static String authorization(HttpRequest<?> request) {
    String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (header != null) {
      return header;
    }
    return request.getCookies().findCookie(COOKIE).map(c -> "Bearer " + c.getValue()).orElse(null);
  }

  /** Whether the request carried the session cookie (so a refusal means the session ended). */
  public static boolean present(HttpRequest<?> request) {
    return request.getCookies().findCookie(COOKIE).isPresent();
  }

  /** The cookie that starts a session with {@code token}. */
  public static Cookie start(String token) {
    return Cookie.of(COOKIE, token)
        .path(PATH)
        .httpOnly(true)
        .secure(true)
        .sameSite(io.micronaut.http.cookie.SameSite.Strict);
  }

  /** The cookie that ends the session. */
  public static Cookie end() {
    return start("").maxAge(0);
  }
}
