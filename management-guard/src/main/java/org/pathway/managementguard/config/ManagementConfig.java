package org.pathway.managementguard.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pathway.servicesettings.Setting;

/**
 * Who the management port trusts ({@code pathway.management.*}), for services without a token
 * verifier of their own. The issuers are {@link IssuerConfig}s under {@code
 * pathway.management.issuers}.
 *
 * @param clients the registered clients' YAML files ({@code PATHWAY_CLIENTS}, comma-separated, the
 *     same files the adapter reads): a token's client must be registered there, with role {@code
 *     operator}
 */
@ConfigurationProperties("pathway.management")
public record ManagementConfig(@Nullable List<String> clients) {

  private static final Setting CLIENTS =
      Setting.of("pathway.management.clients", "PATHWAY_CLIENTS");

  public ManagementConfig {
    clients =
        clients == null
            ? List.of()
            : clients.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String file : clients) {
      CLIENTS.require(file, Files.isRegularFile(Path.of(file)), "must name readable files");
    }
  }

  /** The clients files as paths. */
  public List<Path> clientFiles() {
    return clients.stream().map(Path::of).toList();
  }
}
