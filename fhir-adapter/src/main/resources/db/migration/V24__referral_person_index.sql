-- A person is found through their referrals: a Patient read joins the referrals that name them
-- (a link worker opening a new referral reads the person once), $everything gathers their
-- pathways the same way, and the retention job finds a pathway's referrals by their root and keeps
-- a Patient another referral still names. With no index on either column each of those reads
-- scanned every referral the ledger holds: in B5, 120 pages for every Patient read at 2,880
-- referrals, growing with the ledger.
CREATE INDEX referral_patient ON referral (patient_id);
CREATE INDEX referral_root ON referral (root_referral_id);
