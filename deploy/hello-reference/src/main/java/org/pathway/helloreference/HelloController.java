package org.pathway.helloreference;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

/** The guides' one endpoint: {@code GET /hello} answers a fixed text. */
@Controller("/hello")
public class HelloController {

  @Get
  @Produces(MediaType.TEXT_PLAIN)
  public String index() {
    return "Hello World";
  }
}
