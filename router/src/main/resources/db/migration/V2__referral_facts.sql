-- What the GP's, the hub's and the facilitator's templates need of a referral, which later events
-- (Task changes, overdue steps) do not carry: the person as the GP knows them, and the priority.
-- Never contact details, needs or reasons.
ALTER TABLE router_referral ADD COLUMN given_name  VARCHAR(200);
ALTER TABLE router_referral ADD COLUMN family_name VARCHAR(200);
ALTER TABLE router_referral ADD COLUMN nhs_number  VARCHAR(20);
ALTER TABLE router_referral ADD COLUMN birth_date  DATE;
ALTER TABLE router_referral ADD COLUMN priority    VARCHAR(20);
