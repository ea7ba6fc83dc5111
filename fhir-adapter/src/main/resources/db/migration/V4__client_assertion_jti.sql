-- The replay log of SMART client assertions (access module's JdbcJtiStore): every jti is kept
-- until its exp, so a replay is refused across restarts and replicas. Purged on a schedule.
CREATE TABLE client_assertion_jti (
  client_id  text        NOT NULL,
  jti        text        NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (client_id, jti)
);
CREATE INDEX client_assertion_jti_expires_at ON client_assertion_jti (expires_at);
