package org.pathway.deploy.operate;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.pathway.access.client.TokenClient;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.deploy.PathwayDev;
import org.pathway.deploy.access.DemoClients;
import org.pathway.deploy.access.TokenCommand;

/**
 * The operator's dead-letter tool, {@code ./mvnw -q -pl deploy -am compile exec:java@dlq
 * -Dmaven.main.skip -Dexec.args="list router"}: gets a token as dev mode's demo {@code operator}
 * client and calls the service's {@code /dead-letters} API on its management port (from {@code
 * PATHWAY_<SERVICE>_MANAGEMENT_PORT}, else the file dev mode writes in its data directory, else
 * {@code DLQ_URL}). Prints the JSON answer; exits 0 on 2xx, 1 on a refusal, 2 on bad usage.
 */
public final class DeadLetterCommand {

  /** The command as the README names it. */
  public static final String COMMAND =
      "./mvnw -q -pl deploy -am compile exec:java@dlq -Dmaven.main.skip";

  static final String PORTS_FILE = "management-ports.properties";
  private static final List<String> SERVICES = List.of("fhir-adapter", "router", "notifier");
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeadLetterCommand() {}

  /** Dev mode records the management ports it chose, so this tool finds them. */
  public static void writeManagementPorts(Path dataDir, Map<String, Integer> ports)
      throws IOException {
    Properties p = new Properties();
    ports.forEach((module, port) -> p.setProperty(module, String.valueOf(port)));
    Files.createDirectories(dataDir);
    try (Writer w = Files.newBufferedWriter(dataDir.resolve(PORTS_FILE))) {
      p.store(w, "management ports of the running dev mode (read by the dead-letter tool)");
    }
  }

  public static void main(String[] args) {
    System.exit(run(args, System::getenv, System.out, System.err));
  }

  static int run(String[] args, Function<String, String> env, PrintStream out, PrintStream err) {
    if (args.length < 2 || !SERVICES.contains(args[1])) {
      return usage(err);
    }
    String verb = args[0].toLowerCase(Locale.ROOT);
    String service = args[1];
    List<String> rest = Arrays.asList(args).subList(2, args.length);
    String base;
    try {
      base = baseUrl(service, env);
    } catch (IOException e) {
      err.println(e.getMessage());
      return 2;
    }
    try {
      String token = operatorToken(env);
      return switch (verb) {
        case "list" ->
            call(
                out,
                err,
                get(
                    base
                        + "/dead-letters?offset="
                        + (rest.size() > 0 ? rest.get(0) : "0")
                        + "&limit="
                        + (rest.size() > 1 ? rest.get(1) : "50"),
                    token));
        case "show" ->
            rest.size() == 1
                ? call(out, err, get(base + "/dead-letters/" + rest.get(0), token))
                : usage(err);
        case "audit" -> call(out, err, get(base + "/dead-letters/audit", token));
        case "replay" -> replay(base, token, rest, out, err);
        case "discard" ->
            rest.size() >= 2
                ? call(
                    out,
                    err,
                    post(
                        base + "/dead-letters/" + rest.get(0) + "/discard",
                        token,
                        reason(String.join(" ", rest.subList(1, rest.size())))))
                : usage(err);
        default -> usage(err);
      };
    } catch (TokenClient.TokenRefused e) {
      err.println("dev mode refused the operator a token: " + e.error() + ": " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("no answer from " + base + " (is dev mode running?): " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** Replays each id in turn; {@code --reason text...} after the ids says why. */
  private static int replay(
      String base, String token, List<String> rest, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    int reasonAt = rest.indexOf("--reason");
    List<String> ids = reasonAt < 0 ? rest : rest.subList(0, reasonAt);
    String reason = reasonAt < 0 ? null : String.join(" ", rest.subList(reasonAt + 1, rest.size()));
    if (ids.isEmpty()) {
      return usage(err);
    }
    int worst = 0;
    for (String id : ids) {
      worst =
          Math.max(
              worst,
              call(
                  out, err, post(base + "/dead-letters/" + id + "/replay", token, reason(reason))));
    }
    return worst;
  }

  private static String reason(String reason) throws IOException {
    return reason == null ? "{}" : JSON.writeValueAsString(Map.of("reason", reason));
  }

  private static int call(PrintStream out, PrintStream err, HttpResponse<String> response)
      throws IOException {
    String body = response.body();
    try {
      body = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(body));
    } catch (IOException notJson) {
      // Printed as it came.
    }
    boolean ok = response.statusCode() / 100 == 2;
    (ok ? out : err).println(ok ? body : response.statusCode() + " " + body);
    return ok ? 0 : 1;
  }

  private static HttpResponse<String> get(String url, String token)
      throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, String token, String json)
      throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static String operatorToken(Function<String, String> env)
      throws IOException, InterruptedException, TokenClient.TokenRefused {
    Path repo = PathwayDev.repositoryRoot();
    String clientId = or(env.apply("DLQ_OPERATOR"), "operator");
    RegisteredClient client =
        ClientRegistry.load(List.of(DemoClients.file(repo)))
            .find(clientId)
            .orElseThrow(() -> new IOException("no demo client " + clientId));
    return TokenCommand.accessToken(client, env);
  }

  /** The service's management base URL. */
  static String baseUrl(String service, Function<String, String> env) throws IOException {
    String url = env.apply("DLQ_URL");
    if (url != null && !url.isBlank()) {
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
    String variable =
        "PATHWAY_" + service.toUpperCase(Locale.ROOT).replace('-', '_') + "_MANAGEMENT_PORT";
    String port = env.apply(variable);
    if (port == null || port.isBlank() || "0".equals(port.trim())) {
      Path file =
          Path.of(or(env.apply("PATHWAY_DATA_DIR"), ".pathway"))
              .toAbsolutePath()
              .resolve(PORTS_FILE);
      if (!Files.exists(file)) {
        throw new IOException(
            "no "
                + variable
                + " and no "
                + file
                + ": start dev mode first, or set "
                + variable
                + " or DLQ_URL");
      }
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
      port = p.getProperty(service);
      if (port == null) {
        throw new IOException(file + " names no port for " + service);
      }
    }
    return "http://127.0.0.1:" + port.trim();
  }

  private static String or(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static int usage(PrintStream err) {
    err.println(
        "usage: "
            + COMMAND
            + " -Dexec.args=\"<verb> <service> ...\"   service: fhir-adapter | router | notifier\n"
            + "  list <service> [offset] [limit]       dead letters not yet handled\n"
            + "  show <service> <id>                   one, decoded, with its headers\n"
            + "  replay <service> <id>... [--reason text]  back to the topic it came from\n"
            + "  discard <service> <id> <reason...>    never to be handled; the reason is required\n"
            + "  audit <service>                       every action on them, refusals included");
    return 2;
  }
}
