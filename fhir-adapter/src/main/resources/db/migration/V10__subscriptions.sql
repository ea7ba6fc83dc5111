-- FHIR R4 Subscriptions (rest-hook) registered clients made on their own Tasks. One row per
-- subscription, its current state; each change bumps the version and is announced on
-- pathway.subscriptions through the outbox in the same transaction. channel.header lines are the
-- subscriber's secret: kept here for delivery, never served back in reads.
CREATE TABLE subscription (
  id                   VARCHAR(64)  PRIMARY KEY,
  version              INTEGER      NOT NULL,
  status               VARCHAR(16)  NOT NULL,
  organization         VARCHAR(128) NOT NULL,
  client_id            VARCHAR(128) NOT NULL,
  criteria             VARCHAR(1024) NOT NULL,
  requester_org        VARCHAR(128),
  owner_org            VARCHAR(128),
  task_statuses        VARCHAR(256) NOT NULL DEFAULT '',
  endpoint             VARCHAR(2048) NOT NULL,
  payload              VARCHAR(64),
  headers              TEXT[]       NOT NULL DEFAULT '{}',
  reason               VARCHAR(1024),
  deleted              BOOLEAN      NOT NULL DEFAULT false,
  last_updated         TIMESTAMPTZ  NOT NULL,
  request_id           VARCHAR(128),
  CONSTRAINT subscription_status CHECK (status IN ('active', 'off'))
);
CREATE INDEX subscription_organization ON subscription (organization, status);
-- A repeated X-Request-ID from the same client is answered with the subscription it created.
CREATE UNIQUE INDEX subscription_request ON subscription (client_id, request_id)
  WHERE request_id IS NOT NULL;
