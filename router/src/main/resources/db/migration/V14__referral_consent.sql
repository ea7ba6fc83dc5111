-- What the referral's Consent lets each hop be told (ReferralReceived.consent), so the notifications
-- built for later events (a group's Task, the GP's outcome) follow it. The overall state
-- (ABSENT, PERMIT, DENY, WITHDRAWN) and the parties a nested deny names, comma-separated. Rows
-- written before it was kept have no state and are read as ABSENT.
ALTER TABLE router_referral ADD COLUMN consent_state  VARCHAR(20);
ALTER TABLE router_referral ADD COLUMN consent_denied VARCHAR(200);
