package org.pathway.reporting.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import org.pathway.servicesettings.Setting;

/**
 * How reporting instances that share the partitions answer for each other ({@code
 * pathway.peers.*}). Each instance holds only its partitions' journeys, so when there are several
 * every figure needs the others' journeys too.
 *
 * @param address the host (or {@code host:port}) at which the other instances reach this one's HTTP
 *     port, which is the port when none is given (Kafka Streams' {@code application.server}); empty
 *     for a single instance
 * @param secret the key the instances sign their calls to each other with (at least 32 characters),
 *     the same on every instance; required with an address. Never in the repository
 */
@ConfigurationProperties("pathway.peers")
public record PeersConfig(@Nullable String address, @Nullable String secret) {

  static final Setting ADDRESS = Setting.of("pathway.peers.address", "REPORTING_PEER_ADDRESS");
  static final Setting SECRET = Setting.of("pathway.peers.secret", "REPORTING_PEER_SECRET");

  public PeersConfig {
    address = ADDRESS.optional(address).trim();
    secret = SECRET.optional(secret);
    ADDRESS.require(
        address,
        address.isEmpty() || address.matches("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?"),
        "must be empty, a host or host:port");
    SECRET.require(
        "(" + secret.length() + " characters)",
        address.isEmpty() || secret.length() >= ExportConfig.MINIMUM_SECRET,
        "must be at least " + ExportConfig.MINIMUM_SECRET + " characters when an address is set");
  }

  /**
   * {@code host:port} of this instance for its peers, its HTTP port {@code httpPort} by default.
   */
  public String hostAndPort(int httpPort) {
    return address.contains(":") ? address : address + ":" + httpPort;
  }

  /** Whether this instance is one of several that answer for each other. */
  public boolean enabled() {
    return !address.isEmpty();
  }
}
