package org.pathway.notifier.channel;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves a recipient's {@code secretRef} (a name, never the secret) to its value, and binds each
 * secret to the one host it was issued for. The value comes from the environment variable {@code
 * PATHWAY_SECRET_<REF>} (upper case, other characters as {@code _}), else from configuration key
 * {@code pathway.secrets.<ref>}; its host from {@code PATHWAY_SECRET_<REF>_HOST}, else {@code
 * pathway.secret-hosts.<ref>} ({@code host} or {@code host:port}). A secret is only ever handed out
 * for a URL on its host: a directory entry naming another organisation's secret, or a secret
 * configured without a host, is refused.
 */
public final class Secrets {

  private final Function<String, String> env;
  private final Function<String, String> config;

  /**
   * @param env environment variables by name
   * @param config configuration values by full key ({@code pathway.secrets.<ref>})
   */
  public Secrets(Function<String, String> env, Function<String, String> config) {
    this.env = env;
    this.config = config;
  }

  /**
   * The secret {@code ref} names, for a call to {@code target}: empty when no ref is given or no
   * such secret is provisioned; a permanent failure when the secret is bound to another host, or to
   * none.
   */
  public Optional<String> forHost(String ref, URI target) throws SendFailure {
    if (ref == null || ref.isBlank()) {
      return Optional.empty();
    }
    String envName = "PATHWAY_SECRET_" + ref.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    Optional<String> value = first(env.apply(envName), config.apply("pathway.secrets." + ref));
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> host =
        first(env.apply(envName + "_HOST"), config.apply("pathway.secret-hosts." + ref));
    if (host.isEmpty()) {
      throw SendFailure.permanentFailure(
          "secret '" + ref + "' is bound to no host (set " + envName + "_HOST); not sent", null);
    }
    if (!OutboundPolicy.matches(host.get().trim(), target)) {
      throw SendFailure.permanentFailure(
          "secret '"
              + ref
              + "' was issued for "
              + host.get().trim()
              + ", not for "
              + target.getHost()
              + "; not sent",
          null);
    }
    return value;
  }

  private static Optional<String> first(String a, String b) {
    if (a != null && !a.isBlank()) {
      return Optional.of(a);
    }
    return Optional.ofNullable(b).filter(v -> !v.isBlank());
  }
}
