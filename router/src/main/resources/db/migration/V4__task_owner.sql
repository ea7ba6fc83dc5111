-- Who owns each Task as the router last learnt it (its routing of the referral, the group an
-- onward referral names, the owner a Task change carries), so those holding a cancelled referral
-- can be told. Ledger ids and a directory reference only; nothing about the person.
CREATE TABLE router_task_owner (
  task_id     VARCHAR(200) NOT NULL PRIMARY KEY,
  referral_id VARCHAR(200) NOT NULL,
  owner_ref   VARCHAR(300) NOT NULL,
  recorded_at TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
);
