-- The idempotent consumer's log keyed by event id first. A poll's lookup ("which of these ids were
-- handled before?", event_id = ANY(...) AND processor = ?) could be planned, on PostgreSQL 15 with
-- no statistics yet, as every row of the processor found by the key's first column and compared
-- with each id of the poll: in B6, 20 ms and 250 buffers a poll at 12,000 ids, growing with the
-- log. With the event id first, the only use of the key is one probe per id.
ALTER TABLE router_processed_event DROP CONSTRAINT router_processed_event_pkey;
ALTER TABLE router_processed_event ADD PRIMARY KEY (event_id, processor);
