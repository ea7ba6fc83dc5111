package org.pathway.access.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** Writes the endpoints' JSON answers. */
final class JsonAnswer {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonAnswer() {}

  static void write(HttpServletResponse response, int status, Object body) throws IOException {
    write(response, status, "application/json", body);
  }

  static void write(HttpServletResponse response, int status, String type, Object body)
      throws IOException {
    response.setStatus(status);
    response.setContentType(type);
    response.setCharacterEncoding("UTF-8");
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  static void oauthError(HttpServletResponse response, OAuthErrorException e) throws IOException {
    response.setHeader("Cache-Control", "no-store");
    write(
        response,
        e.status(),
        Map.of("error", e.error(), "error_description", String.valueOf(e.getMessage())));
  }
}
