package org.pathway.access.endpoint;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** {@code GET [FHIR base]/.well-known/smart-configuration}: public, as SMART requires. */
public final class SmartConfigurationServlet extends HttpServlet {

  private final transient Map<String, Object> document;

  public SmartConfigurationServlet(SmartConfiguration configuration) {
    this.document = configuration.document();
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Cache-Control", "public, max-age=3600");
    JsonAnswer.write(response, 200, document);
  }
}
