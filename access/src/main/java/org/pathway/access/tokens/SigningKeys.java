package org.pathway.access.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;

/**
 * Pathway's own signing keys: a fresh RSA 2048 key set (dev, tests, one replica) or a JWK set file
 * (the {@code ACCESS_SIGNING_KEY} of a deployment, shared by every replica).
 */
public final class SigningKeys {

  private SigningKeys() {}

  /** A new key set of one RSA 2048 key for RS384, its {@code kid} the key's thumbprint. */
  public static JWKSet generate() {
    try {
      RSAKey key =
          new RSAKeyGenerator(2048)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.RS384)
              .keyIDFromThumbprint(true)
              .generate();
      return new JWKSet(key);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an RSA key", e);
    }
  }

  /**
   * The key set in a JWK set file; its first key must be a private RSA key (it signs).
   *
   * @throws IllegalArgumentException naming the file when it is unreadable or unusable
   */
  public static JWKSet read(Path file) {
    JWKSet set;
    try {
      set = JWKSet.load(file.toFile());
    } catch (IOException | ParseException e) {
      // The parser's message may quote the file's content, which is a private key: leave it out.
      throw new IllegalArgumentException(
          "signing key file "
              + file
              + " is not a readable JWK set ("
              + e.getClass().getSimpleName()
              + ")");
    }
    try {
      signingKey(set);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("signing key file " + file + ": " + e.getMessage(), e);
    }
    return set;
  }

  /** The key that signs: the set's first, which must be a private RSA key of 2048 bits or more. */
  static RSAKey signingKey(JWKSet set) {
    if (set.getKeys().isEmpty()) {
      throw new IllegalArgumentException("the signing key set is empty");
    }
    JWK first = set.getKeys().get(0);
    if (!(first instanceof RSAKey rsa) || !rsa.isPrivate()) {
      throw new IllegalArgumentException(
          "the first key must be a private RSA key (it signs RS384)");
    }
    if (rsa.size() < 2048) {
      throw new IllegalArgumentException("the signing key must be 2048 bits or more");
    }
    return rsa;
  }
}
