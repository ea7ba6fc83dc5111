-- A referral routed to a link-worker service, kept until the ledger announces the service as the
-- Task's owner: only then is the service told (its system reads the Task at once, and tenancy shows
-- it only Tasks it owns). The routing decision's event id, which the ledger names as the cause of
-- the owner change, and what the service's new-referral notice needs that router_referral does not
-- keep: the person's contact details, postcode district and needs, and when the first step is due.
CREATE TABLE router_routed_referral (
  task_id            VARCHAR(200) NOT NULL PRIMARY KEY,
  referral_id        VARCHAR(200) NOT NULL,
  decision_id        VARCHAR(64)  NOT NULL,
  service_ref        VARCHAR(300) NOT NULL,
  postcode_district  VARCHAR(20),
  contact_preference VARCHAR(32),
  contact_phone      VARCHAR(100),
  contact_email      VARCHAR(320),
  need_categories    VARCHAR(2000),
  due_at             TIMESTAMP WITH TIME ZONE,
  recorded_at        TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX router_routed_referral_recorded ON router_routed_referral (recorded_at);
