package org.pathway.fhiradapter.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

/** A benchmark reference (B1): a bare Micronaut echo. Present only with pathway.bench.enabled. */
@Controller("/echo")
@Requires(property = "pathway.bench.enabled", value = "true")
public class EchoController {

  @Post(consumes = MediaType.ALL, produces = MediaType.TEXT_PLAIN)
  public String echo(@Body String body) {
    return Integer.toString(body.length());
  }
}
