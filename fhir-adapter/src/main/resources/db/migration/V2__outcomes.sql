-- Outcomes: wellbeing scores recorded against Tasks. Portable between PostgreSQL and H2.

-- One row per score Observation: the columns Observation search and reporting need.
CREATE TABLE outcome (
  observation_id            VARCHAR(64) PRIMARY KEY,
  task_id                   VARCHAR(64) NOT NULL,
  subject_ref               VARCHAR(256),
  instrument                VARCHAR(16) NOT NULL,
  timing                    VARCHAR(16) NOT NULL,
  score                     DOUBLE PRECISION NOT NULL,
  effective_at              TIMESTAMP WITH TIME ZONE NOT NULL,
  questionnaire_response_id VARCHAR(64),
  recorded_at               TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX outcome_task ON outcome (task_id);
CREATE INDEX outcome_subject ON outcome (subject_ref);
