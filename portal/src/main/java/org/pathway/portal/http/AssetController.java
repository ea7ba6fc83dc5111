package org.pathway.portal.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The portal's own stylesheet: no CDN, nothing else loaded, so CSP can stay {@code 'self'}. */
@Controller
public class AssetController {

  private final byte[] css;

  AssetController() {
    try (InputStream in = getClass().getResourceAsStream("/assets/portal.css")) {
      css = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Get("/assets/portal.css")
  public HttpResponse<byte[]> stylesheet() {
    return HttpResponse.ok(css)
        .contentType("text/css;charset=utf-8")
        .header("Cache-Control", "public, max-age=3600");
  }
}
