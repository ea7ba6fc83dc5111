package org.pathway.fhiradapter.ledger;

import java.time.Instant;

/**
 * Where a page of a Task search ended: the last Task's change time and id, in the search's order.
 * The next page starts after it (keyset paging), so a Task that changes or leaves the results while
 * a client pages moves no other Task past it: none is skipped, a changed one is met again later.
 */
public record TaskCursor(Instant lastUpdated, String id) {}
