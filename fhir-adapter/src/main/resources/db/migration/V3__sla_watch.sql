-- The SLA watch. Portable between PostgreSQL and H2.

-- Task.restriction.period.end as a column, so the SLA watch need not read Task bodies. Tasks
-- written before this migration get it with their next version.
ALTER TABLE task ADD COLUMN due_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX task_due ON task (due_at);

-- One row per overdue event emitted: the key makes the watch emit at most one ReferralOverdue per
-- Task per due time, across restarts and across adapter instances.
CREATE TABLE overdue_notice (
  task_id    VARCHAR(64) NOT NULL,
  due_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  event_id   VARCHAR(64) NOT NULL,
  emitted_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (task_id, due_at)
);
