package org.pathway.access.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.access.scopes.ScopeSet;

/**
 * Verifies bearer tokens from any trusted issuer (Pathway's own, or an OIDC server such as Keycloak
 * or the NHS API platform, by its JWKS) and names the caller. The client a token names must be
 * registered; its scopes are never more than the registration allows. Verified tokens are
 * remembered until they expire, so a repeat costs a lookup rather than a signature check.
 */
public final class TokenVerifier {

  /**
   * A trusted issuer.
   *
   * @param issuer the exact {@code iss}
   * @param jwksUri where its keys are published (null for Pathway's own, given as keys)
   * @param audience the {@code aud} its tokens must carry, or null when not checked
   */
  public record TrustedIssuer(String issuer, URI jwksUri, String audience) {}

  /** Asymmetric algorithms only: never {@code none}, never an HMAC keyed by something public. */
  static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.ES256, JWSAlgorithm.ES384);

  static final int MAX_CLOCK_SKEW_SECONDS = 30;

  static final int DEFAULT_CACHE_SIZE = 10_000;

  /** Far above any real token; refuses a megabyte "token" before parsing it. */
  static final int MAX_TOKEN_LENGTH = 16 * 1024;

  private final Map<String, DefaultJWTProcessor<SecurityContext>> processors = new HashMap<>();
  private final ClientRegistry clients;
  private final VerifiedTokenCache cache;

  /**
   * @param own Pathway's own issuer, or null in a service that issues no tokens
   * @param others the external issuers trusted
   * @param clients the registered clients a token must name
   */
  public TokenVerifier(AccessTokens own, List<TrustedIssuer> others, ClientRegistry clients) {
    this(own, others, clients, Clock.systemUTC(), DEFAULT_CACHE_SIZE);
  }

  /** As above, telling time by {@code clock} and caching at most {@code cacheSize} tokens. */
  public TokenVerifier(
      AccessTokens own,
      List<TrustedIssuer> others,
      ClientRegistry clients,
      Clock clock,
      int cacheSize) {
    this.clients = clients;
    this.cache = new VerifiedTokenCache(cacheSize, clock);
    // A service that issues no tokens (router, notifier: their management ports) has no own.
    if (own != null) {
      processors.put(own.issuer(), ownProcessor(own, clock));
    }
    for (TrustedIssuer other : others) {
      if (processors.putIfAbsent(other.issuer(), externalProcessor(other, clock)) != null) {
        throw new IllegalArgumentException("issuer " + other.issuer() + " is configured twice");
      }
    }
  }

  /** The caller a bearer token names. */
  public Caller verify(String bearerToken) throws InvalidTokenException {
    if (bearerToken == null || bearerToken.isBlank()) {
      throw new InvalidTokenException("no bearer token");
    }
    if (bearerToken.length() > MAX_TOKEN_LENGTH) {
      throw new InvalidTokenException("bearer token is too long");
    }
    Caller cached = cache.get(bearerToken);
    if (cached != null) {
      return cached;
    }
    SignedJWT jwt = signed(bearerToken);
    DefaultJWTProcessor<SecurityContext> processor = processors.get(unverifiedIssuer(jwt));
    if (processor == null) {
      throw new InvalidTokenException("token issuer is not trusted");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(jwt, null);
    } catch (BadJWSException e) {
      throw new InvalidTokenException("token signature is not valid");
    } catch (BadJOSEException e) {
      throw new InvalidTokenException(readable(e));
    } catch (JOSEException e) {
      // Typically the issuer's JWKS could not be fetched; its URL and cause are for the log only.
      throw new InvalidTokenException(
          "token cannot be verified now: the issuer's keys are unavailable");
    }
    Caller caller = caller(claims);
    cache.put(bearerToken, caller, claims.getExpirationTime().toInstant());
    return caller;
  }

  private static SignedJWT signed(String token) throws InvalidTokenException {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new InvalidTokenException("bearer token is not a JWT");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw new InvalidTokenException(
          "token is not signed (alg none and encrypted tokens are refused)");
    }
    JWSAlgorithm alg = signed.getHeader().getAlgorithm();
    if (!ACCEPTED_ALGORITHMS.contains(alg)) {
      throw new InvalidTokenException(
          "token alg " + alg + " is not accepted; one of RS256, RS384, ES256, ES384");
    }
    return signed;
  }

  private static String unverifiedIssuer(SignedJWT jwt) throws InvalidTokenException {
    try {
      String issuer = jwt.getJWTClaimsSet().getIssuer();
      if (issuer == null) {
        throw new InvalidTokenException("token has no iss");
      }
      return issuer;
    } catch (ParseException e) {
      throw new InvalidTokenException("token claims are not valid JSON");
    }
  }

  private Caller caller(JWTClaimsSet claims) throws InvalidTokenException {
    String clientId = firstText(claims, "client_id", "azp", "sub");
    RegisteredClient client =
        clients
            .find(clientId)
            .orElseThrow(() -> new InvalidTokenException("token names no registered client"));
    ScopeSet granted = client.scopes().grant(tokenScopes(claims));
    return new Caller(
        client.clientId(),
        client.organization(),
        client.role(),
        client.kind(),
        granted,
        client.area(),
        claims.getJWTID());
  }

  private static String firstText(JWTClaimsSet claims, String... names) {
    for (String name : names) {
      Object value = claims.getClaim(name);
      if (value instanceof String text && !text.isBlank()) {
        return text;
      }
    }
    return null;
  }

  private static ScopeSet tokenScopes(JWTClaimsSet claims) {
    Object scope = claims.getClaim("scope");
    if (scope instanceof String text) {
      return ScopeSet.parseLenient(text);
    }
    Object scp = scope instanceof List<?> ? scope : claims.getClaim("scp");
    if (scp instanceof List<?> list) {
      StringBuilder joined = new StringBuilder();
      list.forEach(s -> joined.append(s).append(' '));
      return ScopeSet.parseLenient(joined.toString());
    }
    return ScopeSet.parseLenient(null);
  }

  private static String readable(BadJOSEException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.startsWith("Expired JWT")) {
      return "token has expired";
    }
    if (message.contains("no matching key")) {
      return "token was not signed by a key of its issuer";
    }
    if (message.contains("aud")) {
      return "token audience is not accepted here";
    }
    if (message.contains("missing required claims")) {
      return "token lacks a required claim (" + message.replaceAll(".*claims:?\\s*", "") + ")";
    }
    return "token refused: " + message;
  }

  private static DefaultJWTProcessor<SecurityContext> ownProcessor(AccessTokens own, Clock clock) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(AccessTokens.ACCESS_TOKEN_TYPE));
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            JWSAlgorithm.RS384, new ImmutableJWKSet<>(own.publicKeys())));
    processor.setJWTClaimsSetVerifier(
        claimsVerifier(
            Set.of(own.audience()),
            own.issuer(),
            Set.of("exp", "iat", "sub", "jti", "client_id"),
            clock));
    return processor;
  }

  private static DefaultJWTProcessor<SecurityContext> externalProcessor(
      TrustedIssuer issuer, Clock clock) {
    if (issuer.jwksUri() == null) {
      throw new IllegalArgumentException("issuer " + issuer.issuer() + " needs a jwks-uri");
    }
    JWKSource<SecurityContext> keys;
    try {
      // Cached and rate limited: an unknown kid cannot make every request fetch the JWKS again.
      keys =
          JWKSourceBuilder.<SecurityContext>create(issuer.jwksUri().toURL()).retrying(true).build();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "issuer " + issuer.issuer() + ": jwks-uri " + issuer.jwksUri() + " is not a URL", e);
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, AccessTokens.ACCESS_TOKEN_TYPE, null));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ACCEPTED_ALGORITHMS, keys));
    processor.setJWTClaimsSetVerifier(
        claimsVerifier(
            issuer.audience() == null ? null : Set.of(issuer.audience()),
            issuer.issuer(),
            Set.of("exp"),
            clock));
    return processor;
  }

  private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier(
      Set<String> audience, String issuer, Set<String> required, Clock clock) {
    DefaultJWTClaimsVerifier<SecurityContext> verifier =
        new DefaultJWTClaimsVerifier<>(
            audience, new JWTClaimsSet.Builder().issuer(issuer).build(), required, null) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    verifier.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
    return verifier;
  }
}
