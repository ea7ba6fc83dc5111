package org.pathway.reporting.http;

import jakarta.inject.Singleton;
import org.pathway.access.tokens.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit record of every refused request: who (client, token id, when known), what (method and
 * path) and why, on the {@code pathway.audit} logger so it can be routed to an audit store apart
 * from the service log. Reporting keeps no database of its own.
 */
@Singleton
public class RefusalAudit {

  private static final Logger AUDIT = LoggerFactory.getLogger("pathway.audit");

  /** Records one refusal. */
  public void refused(String method, String path, int status, String reason, Caller caller) {
    AUDIT.warn(
        "reporting refused {} {} status={} client={} token={} reason={}",
        method,
        path,
        status,
        caller == null ? "-" : caller.clientId(),
        caller == null ? "-" : caller.tokenId(),
        reason);
  }
}
