-- Capacity a community group reported (PUT HealthcareService/{id}, the capacity extension): one row
-- per report, never updated. The latest row of a group is its capacity; its version is the
-- HealthcareService's (1 is the feed's entry with no report, so the first report makes 2). The
-- unique version makes two reports racing from the same version one success and one 412.
CREATE TABLE group_capacity (
  seq            BIGSERIAL PRIMARY KEY,
  group_id       VARCHAR(128) NOT NULL,
  version        INTEGER      NOT NULL,
  status         VARCHAR(32)  NOT NULL,
  places_left    INTEGER,
  waitlist_open  BOOLEAN,
  reported_at    TIMESTAMPTZ  NOT NULL,
  client_id      VARCHAR(128) NOT NULL,
  actor          VARCHAR(256),
  request_id     VARCHAR(128),
  correlation_id VARCHAR(128),
  CONSTRAINT group_capacity_version UNIQUE (group_id, version),
  CONSTRAINT group_capacity_places CHECK (places_left IS NULL OR places_left >= 0)
);
-- A repeated X-Request-ID from the same client is answered with the report it made.
CREATE UNIQUE INDEX group_capacity_request ON group_capacity (client_id, request_id)
  WHERE request_id IS NOT NULL;
