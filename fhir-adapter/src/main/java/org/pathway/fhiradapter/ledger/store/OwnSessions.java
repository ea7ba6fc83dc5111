package org.pathway.fhiradapter.ledger.store;

import java.util.Properties;

/**
 * Settings of a database session a store keeps for itself, outside the pool (the relay's lock, the
 * outbox notices): named for {@code pg_stat_activity}, kept alive by TCP so a dead peer's half-open
 * socket is found, and quick to give up connecting.
 */
final class OwnSessions {

  private OwnSessions() {}

  static Properties settings(String username, String password, String applicationName) {
    Properties settings = new Properties();
    settings.setProperty("user", username == null ? "" : username);
    settings.setProperty("password", password == null ? "" : password);
    settings.setProperty("ApplicationName", applicationName);
    settings.setProperty("tcpKeepAlive", "true");
    settings.setProperty("connectTimeout", "5");
    return settings;
  }
}
