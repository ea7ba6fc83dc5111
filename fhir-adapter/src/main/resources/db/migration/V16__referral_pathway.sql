-- The pathway a referral follows (issue 14), decided at intake and announced on ReferralReceived:
-- kept so a wellbeing score is checked against the outcome set of the pathway the referral was
-- placed on, even after the operator's pathways file changes. Null for onward referrals (their
-- root's pathway counts) and for referrals recorded before.
ALTER TABLE referral ADD COLUMN pathway VARCHAR(64);
