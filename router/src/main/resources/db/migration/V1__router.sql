-- The router's durable memory. Applied by Flyway when the service starts.

-- Event ids already handled, per processor: the idempotent consumer's log.
CREATE TABLE router_processed_event (
  event_id     VARCHAR(64)  NOT NULL,
  processor    VARCHAR(100) NOT NULL,
  processed_at TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (processor, event_id)
);

-- The practice that sent each referral, which later events do not carry.
CREATE TABLE router_referral (
  referral_id  VARCHAR(200) NOT NULL PRIMARY KEY,
  practice_ods VARCHAR(20),
  recorded_at  TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
);
