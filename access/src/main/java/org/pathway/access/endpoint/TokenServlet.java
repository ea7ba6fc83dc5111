package org.pathway.access.endpoint;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /oauth/token}: reads the form, asks {@link TokenExchange}, answers RFC 6749 JSON. A
 * token request is small; the body is capped well before anything is parsed.
 */
public final class TokenServlet extends HttpServlet {

  static final int MAX_BODY_BYTES = 64 * 1024;

  /**
   * How much of a refused body is read and thrown away before answering: a client still sending
   * when the server answers and closes may lose the answer to a reset, and see no 413 at all.
   */
  private static final long DRAIN_LIMIT = 1024 * 1024;

  private static final String FORM = "application/x-www-form-urlencoded";

  private final transient TokenExchange exchange;
  private final transient TokenRequestListener listener;

  public TokenServlet(TokenExchange exchange) {
    this(exchange, TokenRequestListener.NONE);
  }

  public TokenServlet(TokenExchange exchange, TokenRequestListener listener) {
    this.exchange = exchange;
    this.listener = listener;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try {
      TokenExchange.Grant grant = exchange.grant(form(request, response));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("access_token", grant.token().accessToken());
      body.put("token_type", "bearer");
      body.put("expires_in", grant.token().expiresIn().toSeconds());
      body.put("scope", grant.token().scope().toString());
      // Told before the answer leaves, so the audit has it by the time the client does.
      listener.answered(
          request,
          new TokenRequestListener.Outcome(
              grant.client().clientId(), 200, null, null, grant.token().scope().toString()));
      response.setHeader("Cache-Control", "no-store");
      response.setHeader("Pragma", "no-cache");
      JsonAnswer.write(response, 200, body);
    } catch (OAuthErrorException e) {
      listener.answered(
          request,
          new TokenRequestListener.Outcome(
              e.clientId(), e.status(), e.error(), e.getMessage(), null));
      JsonAnswer.oauthError(response, e);
    }
  }

  private static Map<String, String> form(HttpServletRequest request, HttpServletResponse response)
      throws OAuthErrorException, IOException {
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      throw new OAuthErrorException("invalid_request", "the token endpoint takes POST only", 405);
    }
    if (request.getQueryString() != null) {
      throw OAuthErrorException.invalidRequest(
          "token request parameters belong in the form body, not the URL");
    }
    String type = request.getContentType();
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!FORM.equals(mediaType)) {
      throw new OAuthErrorException("invalid_request", "the token request must be " + FORM, 415);
    }
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      drain(request);
      throw new OAuthErrorException("invalid_request", "the token request is too large", 413);
    }
    return FormBody.parse(body(request));
  }

  /** Discards up to {@link #DRAIN_LIMIT} bytes of a body refused unread; nothing is parsed. */
  private static void drain(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > DRAIN_LIMIT) {
      return;
    }
    try (InputStream in = request.getInputStream()) {
      in.skipNBytes(Math.max(0, request.getContentLengthLong()));
    } catch (EOFException e) {
      // the client stopped sending: nothing left to drain
    }
  }

  private static String body(HttpServletRequest request) throws OAuthErrorException, IOException {
    try (InputStream in = request.getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new OAuthErrorException("invalid_request", "the token request is too large", 413);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
