-- How the person referred may be told their next steps, kept from ReferralReceived only when they
-- consented to be contacted and prefer email or SMS: a given name and that one address. No row for
-- anyone else, so the router holds no contact details of a person who did not ask to hear.
CREATE TABLE router_person_contact (
  referral_id VARCHAR(200) NOT NULL PRIMARY KEY,
  given_name  VARCHAR(200),
  channel     VARCHAR(20)  NOT NULL,
  address     VARCHAR(320) NOT NULL,
  recorded_at TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
);
