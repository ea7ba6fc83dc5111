-- Pathway counts a community group's places and keeps its waitlist (the feed or the group's own
-- report sets the baseline; each accepted member takes a place, each finish, decline or cancel of
-- one frees it). Every counted change is a new group_capacity row (a new HealthcareService
-- version), naming the Task whose change moved the count; a group's own report names none.
ALTER TABLE group_capacity ADD COLUMN counted_for_task VARCHAR(64);

-- The Tasks holding one of their group's places (accepted, in progress, or offered a place from
-- the waitlist). Only a Task holding a place frees one when it ends.
CREATE TABLE group_place (
  task_id   VARCHAR(64)  PRIMARY KEY,
  group_id  VARCHAR(128) NOT NULL,
  taken_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX group_place_group ON group_place (group_id);

-- Each group's waitlist, first come first served: a person's position is the number of rows of
-- the group up to and including theirs, so removing one moves everyone behind up one.
CREATE TABLE group_waitlist (
  seq       BIGSERIAL    PRIMARY KEY,
  group_id  VARCHAR(128) NOT NULL,
  task_id   VARCHAR(64)  NOT NULL UNIQUE,
  joined_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX group_waitlist_order ON group_waitlist (group_id, seq);
