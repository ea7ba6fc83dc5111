package org.pathway.access.clients;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The registered clients, read from one or more YAML files ({@code clients: [ ... ]}); a client id
 * registered twice, an unknown role or a malformed key stops start-up with a message naming the
 * file and the entry.
 */
public final class ClientRegistry {

  /** Reads every file in order. */
  public static ClientRegistry load(List<Path> files) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** A registry of the given clients (tests, dev mode). */
  public static ClientRegistry of(Collection<RegisteredClient> clients) {
    throw new UnsupportedOperationException("skeleton");
  }

  public Optional<RegisteredClient> find(String clientId) {
    throw new UnsupportedOperationException("skeleton");
  }

  public Collection<RegisteredClient> all() {
    throw new UnsupportedOperationException("skeleton");
  }
}
