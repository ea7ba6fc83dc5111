-- What the facilitator's new-member notice needs when a place comes up for someone who waited on
-- the group's waitlist: the Task change announcing the offer carries none of it. The group, what
-- the person wants to try and when, how they like to be contacted and who referred them on; never
-- contact details, reasons or needs. Rows written before this migration have none of it, and the
-- notice then says less.
ALTER TABLE router_onward_referral ADD COLUMN group_ref VARCHAR(300);
ALTER TABLE router_onward_referral ADD COLUMN activity VARCHAR(500);
ALTER TABLE router_onward_referral ADD COLUMN preferred_start TIMESTAMP WITH TIME ZONE;
ALTER TABLE router_onward_referral ADD COLUMN contact_preference VARCHAR(32);
ALTER TABLE router_onward_referral ADD COLUMN link_worker_name VARCHAR(300);
