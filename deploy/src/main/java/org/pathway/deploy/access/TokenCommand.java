package org.pathway.deploy.access;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.pathway.access.client.TokenClient;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.deploy.PathwayDev;

/**
 * The one-line token command, {@code ./mvnw -q -pl deploy -am compile exec:java@token
 * -Dmaven.main.skip -Dexec.args=<client-id>}: signs a client assertion with the demo client's
 * dev-only key, asks dev mode's token endpoint for every scope the client is registered for, and
 * prints only the access token, so {@code TOKEN=$(...)} works. A refusal goes to stderr with its
 * RFC 6749 error.
 *
 * <p>Why that form: Maven 3.9 resolves the other modules from the reactor only when they take part
 * in the build ({@code -am}) and reach {@code compile}; {@code -Dmaven.main.skip} then uses the
 * classes dev mode's own build left in each {@code target/classes} instead of compiling again.
 */
public final class TokenCommand {

  /** The command as the README and the banner print it. */
  public static final String COMMAND =
      "./mvnw -q -pl deploy -am compile exec:java@token -Dmaven.main.skip";

  private static final String DEFAULT_PUBLIC_URL = "http://localhost:8080";

  private TokenCommand() {}

  /**
   * The command line that prints a token as {@code clientId} from dev mode at {@code publicUrl}.
   */
  public static String line(String publicUrl, String clientId) {
    String prefix = publicUrl.equals(DEFAULT_PUBLIC_URL) ? "" : "PUBLIC_URL=" + publicUrl + " ";
    return prefix + COMMAND + " -Dexec.args=" + clientId;
  }

  /**
   * Dev mode's public URL as this command sees it: {@code PUBLIC_URL}, else localhost on {@code
   * PATHWAY_FHIR_PORT} (8080 by default), as dev mode itself chooses it.
   */
  static String publicUrl(Function<String, String> env) {
    String url = env.apply("PUBLIC_URL");
    if (url != null && !url.isBlank()) {
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
    String port = env.apply("PATHWAY_FHIR_PORT");
    return port == null || port.isBlank() ? DEFAULT_PUBLIC_URL : "http://localhost:" + port.trim();
  }

  /**
   * An access token for the demo client {@code client} from dev mode's token endpoint, with every
   * scope it is registered for (the dead-letter tool uses it as the operator).
   */
  public static String accessToken(RegisteredClient client, Function<String, String> env)
      throws java.io.IOException, InterruptedException, TokenClient.TokenRefused {
    Path repo = PathwayDev.repositoryRoot();
    return new TokenClient(publicUrl(env) + "/oauth/token")
        .token(
            client.clientId(),
            DemoClients.privateKey(repo, client.clientId()),
            client.scopes().toString())
        .accessToken();
  }

  public static void main(String[] args) {
    System.exit(run(args, System::getenv, System.out, System.err));
  }

  /** The command, with its environment and streams given: 0 once a token is printed. */
  static int run(String[] args, Function<String, String> env, PrintStream out, PrintStream err) {
    if (args.length != 1 || args[0].isBlank()) {
      err.println(
          "usage: "
              + COMMAND
              + " -Dexec.args=<client-id>   (a client of deploy/demo/clients.yaml)");
      return 2;
    }
    String clientId = args[0].trim();
    Path repo = PathwayDev.repositoryRoot();
    RegisteredClient client =
        ClientRegistry.load(List.of(DemoClients.file(repo))).find(clientId).orElse(null);
    if (client == null) {
      err.println(
          "no demo client '"
              + clientId
              + "' in "
              + DemoClients.file(repo)
              + "; one of "
              + ClientRegistry.load(List.of(DemoClients.file(repo))).all().stream()
                  .map(RegisteredClient::clientId)
                  .toList());
      return 2;
    }
    String tokenUrl = publicUrl(env) + "/oauth/token";
    try {
      out.println(accessToken(client, env));
      return 0;
    } catch (TokenClient.TokenRefused e) {
      err.println(
          "token endpoint "
              + tokenUrl
              + " refused "
              + clientId
              + ": "
              + e.error()
              + ": "
              + e.getMessage());
      return 1;
    } catch (java.io.IOException e) {
      err.println("no answer from " + tokenUrl + " (is dev mode running?): " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
