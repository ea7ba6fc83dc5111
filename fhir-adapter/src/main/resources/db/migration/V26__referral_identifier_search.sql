-- A referrer finds its referral by the business identifier it sent (GET ServiceRequest?identifier=,
-- and a create conditional on it, If-None-Exist). The unique key leads with the client, so it
-- serves neither a token without a system nor another client's view of a shared referral.
CREATE INDEX referral_identifier_value ON referral (identifier_value);
