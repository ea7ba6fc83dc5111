package org.pathway.fhiradapter.http;

import ca.uhn.fhir.context.FhirContext;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A benchmark reference (B1): parses the body with HAPI and answers 200, writing nothing. Mounted
 * only when {@code pathway.bench.enabled} is true.
 */
@Singleton
public class ParseOnlyServlet extends HttpServlet {

  private final transient FhirContext fhir;

  public ParseOnlyServlet(FhirContext fhir) {
    this.fhir = fhir;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    IBaseResource parsed = fhir.newJsonParser().parseResource(body);
    res.setStatus(200);
    res.setContentType("text/plain");
    res.getOutputStream().write(parsed.fhirType().getBytes(StandardCharsets.UTF_8));
  }
}
