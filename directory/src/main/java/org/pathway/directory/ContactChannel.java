package org.pathway.directory;

import java.util.Objects;
import org.pathway.events.avro.Channel;

/**
 * One way to reach a directory entry: a channel and its address, plus the name of the secret that
 * signs or authenticates calls to it (never the secret itself).
 */
public record ContactChannel(Channel channel, String address, String secretRef) {

  public ContactChannel {
    Objects.requireNonNull(channel, "channel");
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException("a " + channel + " channel needs an address");
    }
  }
}
