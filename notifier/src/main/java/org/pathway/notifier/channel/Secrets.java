package org.pathway.notifier.channel;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves a recipient's {@code secretRef} (a name, never the secret) to its value: first the
 * environment variable {@code PATHWAY_SECRET_<REF>} (upper case, other characters as {@code _}),
 * then the configuration key {@code pathway.secrets.<ref>}.
 */
public final class Secrets {

  private final Function<String, String> env;
  private final Function<String, String> config;

  public Secrets(Function<String, String> env, Function<String, String> config) {
    this.env = env;
    this.config = config;
  }

  public Optional<String> resolve(String ref) {
    if (ref == null || ref.isBlank()) {
      return Optional.empty();
    }
    String envName = "PATHWAY_SECRET_" + ref.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    String value = env.apply(envName);
    if (value == null || value.isBlank()) {
      value = config.apply(ref);
    }
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }
}
