-- The SLA ladder: overdue -> nudge -> escalate -> return, each rung re-armed by the router's
-- decision on the one before.

-- Which rung a notice announced, and the step's own due time it climbs from (for the first rung
-- the two due times are the same). Notices written before this migration were all first rungs.
ALTER TABLE overdue_notice ADD COLUMN rung VARCHAR(16) NOT NULL DEFAULT 'nudge';
ALTER TABLE overdue_notice ADD COLUMN step_due_at TIMESTAMP WITH TIME ZONE;
UPDATE overdue_notice SET step_due_at = due_at;
ALTER TABLE overdue_notice ALTER COLUMN step_due_at SET NOT NULL;
CREATE UNIQUE INDEX overdue_notice_event ON overdue_notice (event_id);

-- The next rung of each Task's ladder, armed by a decision (nudge, escalate). It holds only while
-- the Task is still open on the step whose due time it climbs from: a Task that moves on (a new
-- due time) or ends leaves it disarmed, and the next arming replaces it.
CREATE TABLE sla_ladder (
  task_id     VARCHAR(64) PRIMARY KEY,
  step_due_at TIMESTAMP WITH TIME ZONE NOT NULL,
  rung        VARCHAR(16) NOT NULL,
  due_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  armed_by    VARCHAR(64) NOT NULL,
  armed_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sla_ladder_due ON sla_ladder (due_at);
