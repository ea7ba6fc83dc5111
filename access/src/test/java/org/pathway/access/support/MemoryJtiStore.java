package org.pathway.access.support;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pathway.access.assertion.JtiStore;

/** A replay log in memory, for unit tests of the checks above it (the JDBC one has its own IT). */
public final class MemoryJtiStore implements JtiStore {

  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  @Override
  public boolean firstUse(String clientId, String jti, Instant expiresAt) {
    return seen.add(clientId + "\n" + jti);
  }
}
