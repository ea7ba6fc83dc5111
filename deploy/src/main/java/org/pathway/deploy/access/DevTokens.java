package org.pathway.deploy.access;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pathway.access.client.TokenClient;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.clients.RegisteredClient;

/**
 * Access tokens for the demo clients from a running dev mode's token endpoint, each asked for every
 * scope its client is registered for and reused until shortly before it expires, as a real client
 * would: the demo, the smoke test's Java callers, the deploy tests and the benchmarks take their
 * tokens here.
 */
public final class DevTokens {

  /** A token this close to its expiry is renewed rather than sent. */
  private static final Duration MARGIN = Duration.ofSeconds(30);

  private record Held(String token, Instant renewAt) {}

  private final Path repo;
  private final ClientRegistry demoClients;
  private final TokenClient tokenEndpoint;
  private final Map<String, Held> held = new ConcurrentHashMap<>();

  /** Tokens from the endpoint at {@code tokenUrl} for the demo clients of checkout {@code repo}. */
  public DevTokens(Path repo, String tokenUrl) {
    this.repo = repo;
    this.demoClients = ClientRegistry.load(List.of(DemoClients.file(repo)));
    this.tokenEndpoint = new TokenClient(tokenUrl);
  }

  /** A valid access token for demo client {@code clientId}, fetched only when none is held. */
  public String token(String clientId) {
    Held current = held.get(clientId);
    if (current != null && Instant.now().isBefore(current.renewAt())) {
      return current.token();
    }
    RegisteredClient client =
        demoClients
            .find(clientId)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no demo client '" + clientId + "' in " + DemoClients.file(repo)));
    try {
      TokenClient.Token token =
          tokenEndpoint.token(
              clientId, DemoClients.privateKey(repo, clientId), client.scopes().toString());
      Duration life = token.expiresIn().isZero() ? Duration.ofMinutes(1) : token.expiresIn();
      Instant renewAt =
          Instant.now()
              .plus(
                  life.compareTo(MARGIN.multipliedBy(2)) > 0
                      ? life.minus(MARGIN)
                      : life.dividedBy(2));
      held.put(clientId, new Held(token.accessToken(), renewAt));
      return token.accessToken();
    } catch (TokenClient.TokenRefused e) {
      throw new IllegalStateException(
          "the token endpoint refused " + clientId + ": " + e.error() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("no token for " + clientId + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted fetching a token for " + clientId, e);
    }
  }

  /** The {@code Authorization} header value for {@code clientId}. */
  public String bearer(String clientId) {
    return "Bearer " + token(clientId);
  }
}
