package org.pathway.access.assertion;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.MalformedURLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pathway.access.clients.RegisteredClient;

/**
 * A client's public keys by {@code kid}: inline from its registration, or fetched from its {@code
 * jwks-uri} (cached and rate limited per client, so an unknown kid cannot make every request fetch
 * again).
 */
final class ClientKeys {

  /** The client's keys cannot be had: it registered none, or its JWKS could not be fetched. */
  static final class KeysUnavailableException extends Exception {
    KeysUnavailableException(String message) {
      super(message);
    }
  }

  private final Map<String, JWKSource<SecurityContext>> remote = new ConcurrentHashMap<>();

  List<JWK> withKid(RegisteredClient client, String kid) throws KeysUnavailableException {
    JWKSelector selector = new JWKSelector(new JWKMatcher.Builder().keyID(kid).build());
    if (client.jwks() != null) {
      return selector.select(client.jwks());
    }
    if (client.jwksUri() == null) {
      throw new KeysUnavailableException(
          "client has no registered keys; it can only use tokens from an external issuer");
    }
    try {
      return source(client).get(selector, null);
    } catch (KeySourceException e) {
      throw new KeysUnavailableException("the client's jwks-uri could not be read");
    }
  }

  private JWKSource<SecurityContext> source(RegisteredClient client) throws KeySourceException {
    try {
      JWKSource<SecurityContext> existing = remote.get(client.clientId());
      if (existing != null) {
        return existing;
      }
      JWKSource<SecurityContext> created =
          JWKSourceBuilder.<SecurityContext>create(client.jwksUri().toURL()).retrying(true).build();
      JWKSource<SecurityContext> raced = remote.putIfAbsent(client.clientId(), created);
      return raced != null ? raced : created;
    } catch (MalformedURLException e) {
      throw new KeySourceException("jwks-uri is not a URL", e);
    }
  }
}
