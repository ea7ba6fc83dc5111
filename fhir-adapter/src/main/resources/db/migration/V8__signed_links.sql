-- Signed links (the portal acting for a link's recipient). The audit names the link an interaction
-- was made through, or why a link was refused; the request key remembers which Task version an
-- update's X-Request-ID produced, so a replayed answer gets the original result.
ALTER TABLE audit_event ADD COLUMN link_id VARCHAR(128);
ALTER TABLE audit_event ADD COLUMN link_refusal VARCHAR(32);
ALTER TABLE request_key ADD COLUMN task_version INTEGER;
