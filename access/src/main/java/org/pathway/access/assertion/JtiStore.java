package org.pathway.access.assertion;

import java.time.Instant;

/**
 * Every client assertion's {@code jti}, kept until its {@code exp}, so a replay is refused across
 * restarts and replicas.
 */
public interface JtiStore {

  /** True the first time {@code clientId}'s {@code jti} is seen; false for any repeat. */
  boolean firstUse(String clientId, String jti, Instant expiresAt);
}
