-- Tenancy: who may see a Task is decided by organisation, in the ledger's own queries; idempotency
-- keys belong to the client that sent them.

-- The organisations of a Task's requester and owner (ODS code or directory id), as callers are
-- registered. Rows written before this migration take them from the stored references: the value
-- of a 'system|value' token, or the id of a 'Type/id' one.
ALTER TABLE task ADD COLUMN requester_org VARCHAR(256);
ALTER TABLE task ADD COLUMN owner_org VARCHAR(256);
UPDATE task SET requester_org = CASE
    WHEN requester_ref LIKE '%|%' THEN substring(requester_ref from '\|([^|]*)$')
    WHEN requester_ref LIKE '%/%' THEN substring(requester_ref from '/([^/]*)$')
    ELSE requester_ref END,
  owner_org = CASE
    WHEN owner_ref LIKE '%|%' THEN substring(owner_ref from '\|([^|]*)$')
    WHEN owner_ref LIKE '%/%' THEN substring(owner_ref from '/([^/]*)$')
    ELSE owner_ref END;
CREATE INDEX task_requester_org ON task (requester_org);
CREATE INDEX task_owner_org ON task (owner_org);

-- A business identifier is one client's idempotency key: another client using the same identifier
-- makes its own referral. Referrals held before clients were known belong to 'unknown'.
ALTER TABLE referral ADD COLUMN client_id VARCHAR(128) NOT NULL DEFAULT 'unknown';
ALTER TABLE referral DROP CONSTRAINT referral_identifier_unique;
ALTER TABLE referral ADD CONSTRAINT referral_identifier_unique
  UNIQUE (client_id, identifier_system, identifier_value);

-- X-Request-ID likewise: a repeat is one client repeating itself.
ALTER TABLE request_key ADD COLUMN client_id VARCHAR(128) NOT NULL DEFAULT 'unknown';
ALTER TABLE request_key DROP CONSTRAINT request_key_pkey;
ALTER TABLE request_key ADD PRIMARY KEY (client_id, request_id);
