-- "Where is my referral?": Communications searchable by the Task they are part of and the request
-- they are based on, and narrowed by that Task's tenancy. Generated from the stored body, so rows
-- written before this migration are searchable too and no writer has to remember the columns.
-- Only Communication rows parse their body; every other resource leaves both columns null.
ALTER TABLE fhir_resource ADD COLUMN comm_task_id VARCHAR(64) GENERATED ALWAYS AS (
  CASE WHEN resource_type = 'Communication'
    THEN substring((body::jsonb) #>> '{partOf,0,reference}' from '^Task/([^/]+)$') END) STORED;
ALTER TABLE fhir_resource ADD COLUMN comm_based_on VARCHAR(256) GENERATED ALWAYS AS (
  CASE WHEN resource_type = 'Communication'
    THEN substring((body::jsonb) #>> '{basedOn,0,reference}' from '^[A-Za-z]+/[^/]+') END) STORED;
CREATE INDEX fhir_resource_comm_task ON fhir_resource (comm_task_id)
  WHERE resource_type = 'Communication';
CREATE INDEX fhir_resource_comm_based_on ON fhir_resource (comm_based_on)
  WHERE resource_type = 'Communication';

-- Provenance is read per Task in version order (Provenance?target=Task/{id}) and by Task version
-- (Provenance/{task id}-{version}).
CREATE INDEX provenance_task_version ON provenance (task_id, task_version);
