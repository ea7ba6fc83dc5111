-- The receipt publisher's read (DeliveryStore.unpublished: finished deliveries whose receipt is not
-- yet on Kafka, oldest first) on an index that holds only those, in the order it reads them, so the
-- scan stops at its limit. Every delivery is written four times (queued, claimed, finished,
-- published) and each old version keeps its index entries until vacuum: with statistics gathered
-- while receipts were due, the planner walked delivery_finished from the oldest finished delivery
-- through every published one, 1,146 buffers a read in B6; delivery_unpublished, which held every
-- delivery, served nothing else.
drop index delivery_unpublished;
create index delivery_receipts_due on delivery (finished_at, seq)
    where receipt_published = false and status in ('DELIVERED', 'FAILED');
