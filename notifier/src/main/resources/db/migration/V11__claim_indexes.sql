-- The claim's two lookups, each on an index that holds only the rows it wants and leads with what
-- it orders or joins by. With delivery_due (status, next_attempt_at), a plan made without
-- statistics (a log filled by a burst before any ANALYZE, or a prepared statement's generic plan
-- made while the log was empty) read every unfinished delivery for each due one: 171,676 buffers a
-- claim in B5, and the notifier fell minutes behind. Now the due deliveries are read in claim order
-- and the scan stops at the limit, and "is an earlier one of this order unfinished?" can only be
-- asked of delivery_order, by order key.
drop index delivery_due;
create index delivery_pending_due on delivery (next_attempt_at, seq) where status = 'PENDING';
-- Tries whose sender died mid-send, found by their lease (recoverInterrupted, every cycle).
create index delivery_sending on delivery (lease_until) where status = 'SENDING';
