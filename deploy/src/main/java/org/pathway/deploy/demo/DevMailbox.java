package org.pathway.deploy.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dev mode's mailbox page: one read-only HTML page on 127.0.0.1 listing every mail the dev mail
 * server received, newest first, with its links clickable, so a person trying dev mode can open the
 * signed link a link worker or facilitator was sent, as they would from their phone.
 */
public final class DevMailbox implements AutoCloseable {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"')]+");

  private final HttpServer server;

  private DevMailbox(HttpServer server) {
    this.server = server;
  }

  /** Serves the mail {@code mail} holds on 127.0.0.1:{@code port} (0 picks a free port). */
  public static DevMailbox start(DevMailServer mail, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")
                || !exchange.getRequestURI().getPath().equals("/")) {
              send(exchange, 404, "text/plain", "Not found");
              return;
            }
            send(exchange, 200, "text/html; charset=utf-8", page(mail.arrivals()));
          }
        });
    server.start();
    return new DevMailbox(server);
  }

  /** The page's URL. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  static String page(List<DevMailServer.Arrival> arrivals) {
    StringBuilder html =
        new StringBuilder(
            """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Pathway dev mailbox</title>
            <style>body{font-family:sans-serif;max-width:48rem;margin:1rem auto;padding:0 1rem;\
            color:#0b0c0c}pre{white-space:pre-wrap;word-break:break-word;background:#f3f2f1;\
            padding:.75rem}a{color:#1d4ed8}article{border-top:1px solid #b1b4b6;margin-top:1rem}\
            </style></head><body>
            <h1>Pathway dev mailbox</h1>
            <p>Every mail dev mode sent, newest first. Dev only: it holds people's notifications.
            Reload to see new mail.</p>
            """);
    if (arrivals.isEmpty()) {
      html.append("<p>No mail yet.</p>");
    }
    for (int i = arrivals.size() - 1; i >= 0; i--) {
      DevMailServer.Arrival arrival = arrivals.get(i);
      MimeMessage message = arrival.message();
      html.append("<article><h2>").append(escape(subject(message))).append("</h2>");
      html.append("<p>To ")
          .append(escape(header(message, "To")))
          .append(", ")
          .append(TIME.format(arrival.at()))
          .append(" UTC</p>");
      html.append("<pre>").append(linked(MailText.of(message))).append("</pre></article>");
    }
    return html.append("</body></html>").toString();
  }

  /** The text, escaped, with each URL a link (the URL escaped as well). */
  static String linked(String text) {
    StringBuilder out = new StringBuilder();
    Matcher m = URL.matcher(text);
    int at = 0;
    while (m.find()) {
      out.append(escape(text.substring(at, m.start())));
      String url = escape(m.group());
      out.append("<a href=\"").append(url).append("\">").append(url).append("</a>");
      at = m.end();
    }
    return out.append(escape(text.substring(at))).toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject() == null ? "(no subject)" : message.getSubject();
    } catch (MessagingException e) {
      return "(unreadable subject)";
    }
  }

  private static String header(MimeMessage message, String name) {
    try {
      String value = message.getHeader(name, ", ");
      return value == null ? "" : value;
    } catch (MessagingException e) {
      return "";
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
