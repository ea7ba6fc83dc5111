-- Who referred each group's Task on, which the group's later Task changes do not carry: the
-- link-worker service told when the group answers, and its own Task the answer's link points to.
-- Ledger ids and a directory reference only; nothing about the person.
CREATE TABLE router_onward_referral (
  task_id         VARCHAR(200) NOT NULL PRIMARY KEY,
  referral_id     VARCHAR(200) NOT NULL,
  parent_task_id  VARCHAR(200) NOT NULL,
  link_worker_ref VARCHAR(300) NOT NULL,
  recorded_at     TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
);
