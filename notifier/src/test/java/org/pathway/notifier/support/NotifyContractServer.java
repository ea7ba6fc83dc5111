package org.pathway.notifier.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local server implementing the parts of GOV.UK Notify's documented v2 API the notifier uses:
 * {@code POST /v2/notifications/email} and {@code /sms}, authenticated by a Bearer JWT (HS256
 * signed with the API key's secret, {@code iss} = service id, {@code iat} within 30 seconds),
 * answering 201 with the documented body or the documented error shape {@code {"status_code": n,
 * "errors": [{"error": "...", "message": "..."}]}}. Templates hold {@code ((placeholders))} filled
 * from personalisation, as Notify does.
 */
public final class NotifyContractServer implements AutoCloseable {

  /** A notification Notify accepted. */
  public record Accepted(
      String id,
      String type,
      String to,
      String templateId,
      String reference,
      String subject,
      String body) {}

  private static final Pattern PLACEHOLDER = Pattern.compile("\\(\\(([^)]+)\\)\\)");
  private static final Pattern UK_MOBILE = Pattern.compile("^(\\+44|0044|0)7\\d{9}$");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  public final String serviceId = UUID.randomUUID().toString();
  public final String secret = UUID.randomUUID().toString();
  public final String emailTemplateId = UUID.randomUUID().toString();
  public final String smsTemplateId = UUID.randomUUID().toString();
  private final Map<String, String[]> templates;
  private final HttpServer server;
  private final ObjectMapper json = new ObjectMapper();
  private final Clock clock = Clock.systemUTC();
  private final List<Accepted> accepted = new ArrayList<>();
  private final AtomicInteger failNext = new AtomicInteger();

  public NotifyContractServer() throws IOException {
    templates =
        Map.of(
            emailTemplateId, new String[] {"email", "((subject))", "((body))"},
            smsTemplateId, new String[] {"sms", null, "((body))"});
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v2/notifications/", this::handle);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** An API key in Notify's format: {@code name-serviceId-secret}. */
  public String apiKey() {
    return "pathway_test-" + serviceId + "-" + secret;
  }

  /** The next {@code n} sends answer 500, as Notify does when it has an internal error. */
  public void failNext(int n) {
    failNext.set(n);
  }

  public synchronized List<Accepted> accepted() {
    return List.copyOf(accepted);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String type = path.substring("/v2/notifications/".length());
      if (!"POST".equals(ex.getRequestMethod()) || !(type.equals("email") || type.equals("sms"))) {
        error(ex, 404, "BadRequestError", "Not Found");
        return;
      }
      String authError = authenticate(ex.getRequestHeaders().getFirst("Authorization"));
      if (authError != null) {
        error(ex, authError.startsWith("Unauthorized") ? 401 : 403, "AuthError", authError);
        return;
      }
      if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(ex, 500, "Exception", "Internal server error");
        return;
      }
      JsonNode body;
      try (InputStream in = ex.getRequestBody()) {
        body = json.readTree(in);
      } catch (IOException e) {
        error(ex, 400, "BadRequestError", "Invalid JSON supplied in POST data");
        return;
      }
      String templateId = body.path("template_id").asText("");
      String[] template = templates.get(templateId);
      if (template == null) {
        error(ex, 400, "BadRequestError", "Template not found");
        return;
      }
      if (!template[0].equals(type)) {
        error(
            ex,
            400,
            "BadRequestError",
            type + " template is not suitable for " + template[0] + " notification");
        return;
      }
      String to;
      if (type.equals("sms")) {
        to = body.path("phone_number").asText("").replace(" ", "");
        if (!UK_MOBILE.matcher(to).matches()) {
          error(ex, 400, "ValidationError", "phone_number Not a UK mobile number");
          return;
        }
      } else {
        to = body.path("email_address").asText("");
        if (!EMAIL.matcher(to).matches()) {
          error(ex, 400, "ValidationError", "email_address Not a valid email address");
          return;
        }
      }
      JsonNode personalisation = body.path("personalisation");
      String subject = template[1] == null ? null : fill(template[1], personalisation);
      String content = fill(template[2], personalisation);
      if (subject == null && template[1] != null || content == null) {
        error(
            ex,
            400,
            "BadRequestError",
            "Missing personalisation: " + missing(template, personalisation));
        return;
      }
      String id = UUID.randomUUID().toString();
      String reference = body.hasNonNull("reference") ? body.get("reference").asText() : null;
      synchronized (this) {
        accepted.add(new Accepted(id, type, to, templateId, reference, subject, content));
      }
      ObjectNode answer = json.createObjectNode();
      answer.put("id", id);
      if (reference == null) {
        answer.putNull("reference");
      } else {
        answer.put("reference", reference);
      }
      ObjectNode c = answer.putObject("content");
      c.put("body", content);
      if (type.equals("email")) {
        c.put("subject", subject);
        c.put("from_email", "pathway.notifications@notifications.service.gov.uk");
        c.putNull("one_click_unsubscribe_url");
      } else {
        c.put("from_number", "GOVUK");
      }
      answer.put("uri", baseUrl() + "/v2/notifications/" + id);
      ObjectNode t = answer.putObject("template");
      t.put("id", templateId);
      t.put("version", 1);
      t.put("uri", baseUrl() + "/v2/template/" + templateId + "/version/1");
      send(ex, 201, answer);
    }
  }

  /** Null when the token is good; otherwise Notify's message for why not. */
  private String authenticate(String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return "Unauthorized: authentication token must be provided";
    }
    String[] parts = header.substring(7).trim().split("\\.");
    if (parts.length != 3) {
      return "Invalid token: signature, api token is not valid";
    }
    try {
      Base64.Decoder b64 = Base64.getUrlDecoder();
      JsonNode head = json.readTree(b64.decode(parts[0]));
      JsonNode claims = json.readTree(b64.decode(parts[1]));
      if (!"HS256".equals(head.path("alg").asText())) {
        return "Invalid token: algorithm used is not HS256";
      }
      if (!serviceId.equals(claims.path("iss").asText())) {
        return "Invalid token: service not found";
      }
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected =
          mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!MessageDigest.isEqual(expected, b64.decode(parts[2]))) {
        return "Invalid token: API key not found";
      }
      if (!claims.has("iat")) {
        return "Invalid token: iat field required";
      }
      long iat = claims.get("iat").asLong();
      if (Math.abs(clock.instant().getEpochSecond() - iat) > 30) {
        return "Error: Your system clock must be accurate to within 30 seconds";
      }
      return null;
    } catch (Exception e) {
      return "Invalid token: signature, api token is not valid";
    }
  }

  private static String fill(String template, JsonNode personalisation) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      JsonNode v = personalisation.get(m.group(1));
      if (v == null || v.isNull()) {
        return null;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v.asText()));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String missing(String[] template, JsonNode personalisation) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i < template.length; i++) {
      if (template[i] == null) {
        continue;
      }
      Matcher m = PLACEHOLDER.matcher(template[i]);
      while (m.find()) {
        if (!personalisation.has(m.group(1))) {
          names.add(m.group(1));
        }
      }
    }
    return String.join(", ", names);
  }

  private void error(HttpExchange ex, int status, String error, String message) throws IOException {
    ObjectNode body = json.createObjectNode();
    body.put("status_code", status);
    ObjectNode e = body.putArray("errors").addObject();
    e.put("error", error);
    e.put("message", message);
    send(ex, status, body);
  }

  private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
