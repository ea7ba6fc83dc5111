package org.pathway.testsupport.process;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;

/** A tiny program for {@link ServiceJvmIT}: answers 200 on {@code HELLO_PORT} until killed. */
public final class HelloMain {

  private HelloMain() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getenv("HELLO_PORT"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    String greeting = System.getProperty("hello.greeting", "hello");
    server.createContext(
        "/",
        exchange -> {
          byte[] body = greeting.getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    System.out.println("listening on " + port);
  }
}
