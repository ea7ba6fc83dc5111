-- Audit that names the caller. audit_event keeps the ledger's own rows (kind 'ledger', written in
-- the transaction of each change) and gains one row per HTTP interaction (kind 'interaction',
-- refusals included), written in batches off the request thread.
ALTER TABLE audit_event ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'ledger';
ALTER TABLE audit_event ADD COLUMN client_id VARCHAR(128);
ALTER TABLE audit_event ADD COLUMN organization VARCHAR(128);
ALTER TABLE audit_event ADD COLUMN role VARCHAR(32);
ALTER TABLE audit_event ADD COLUMN method VARCHAR(16);
ALTER TABLE audit_event ADD COLUMN query VARCHAR(512);
ALTER TABLE audit_event ADD COLUMN status INTEGER;
CREATE INDEX audit_event_recorded ON audit_event (recorded_at);
CREATE INDEX audit_event_client ON audit_event (client_id, recorded_at);
