package org.pathway.localkafka;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A SCRAM-SHA-512 user of a secured {@link KraftBroker}: a name and a password, nothing else.
 *
 * @param name the user name; the broker's principal is {@code User:<name>}
 * @param password the password; kept out of {@link #toString()}
 */
public record ScramUser(String name, String password) {

  /** The one SASL mechanism the broker's client listeners accept. */
  public static final String MECHANISM = "SCRAM-SHA-512";

  // Kept to characters that need no quoting in a JAAS line or in the storage tool's --add-scram.
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._@:+/-]+");

  public ScramUser {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(password, "password");
    if (!SAFE.matcher(name).matches() || !SAFE.matcher(password).matches()) {
      throw new IllegalArgumentException(
          "SCRAM user names and passwords are limited to letters, digits and ._@:+/- here");
    }
  }

  /** The ACL principal of this user. */
  public String principal() {
    return "User:" + name;
  }

  /** The {@code sasl.jaas.config} line a client logs in with as this user. */
  public String jaasConfig() {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + name
        + "\" password=\""
        + password
        + "\";";
  }

  /** The same user with another password: a wrong password, for instance. */
  public ScramUser withPassword(String other) {
    return new ScramUser(name, other);
  }

  @Override
  public String toString() {
    return "ScramUser[" + name + "]";
  }
}
