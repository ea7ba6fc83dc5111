package org.pathway.reporting.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard's script, stylesheet and Apache ECharts from its webjar, all from this origin so
 * the page's Content-Security-Policy can stay {@code 'self'} (no CDN). Public: they hold no data.
 */
@Controller("/dashboard/assets")
public class DashboardAssets {

  /** Where the page loads ECharts from. */
  public static final String ECHARTS = "/dashboard/assets/echarts.min.js";

  private final Map<String, Asset> assets;

  DashboardAssets() {
    assets =
        Map.of(
            "dashboard.js",
            new Asset(read("/dashboard/dashboard.js"), "text/javascript;charset=utf-8"),
            "dashboard.css",
            new Asset(read("/dashboard/dashboard.css"), "text/css;charset=utf-8"),
            "echarts.min.js",
            new Asset(
                read(
                    "/META-INF/resources/webjars/echarts/"
                        + webjarVersion()
                        + "/dist/echarts.min.js"),
                "text/javascript;charset=utf-8"));
  }

  @Get("/{name}")
  public HttpResponse<byte[]> asset(@PathVariable String name) {
    Asset asset = assets.get(name);
    if (asset == null) {
      return HttpResponse.status(HttpStatus.NOT_FOUND);
    }
    return HttpResponse.ok(asset.bytes())
        .contentType(asset.type())
        .header("Cache-Control", "public, max-age=3600");
  }

  /** The webjar's version as Maven packed it, so the pom is the one place that names it. */
  private static String webjarVersion() {
    Properties p = new Properties();
    try (InputStream in =
        DashboardAssets.class.getResourceAsStream(
            "/META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the echarts webjar is not on the classpath");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version");
  }

  private static byte[] read(String resource) {
    try (InputStream in = DashboardAssets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Asset(byte[] bytes, String type) {}
}
