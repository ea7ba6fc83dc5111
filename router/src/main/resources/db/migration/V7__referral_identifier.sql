-- The GP's own identifier of its referral (ServiceRequest.identifier as system|value), which the
-- GP's copy of the Task names as its focus. A business id, nothing about the person.
ALTER TABLE router_referral ADD COLUMN referral_identifier VARCHAR(600);
