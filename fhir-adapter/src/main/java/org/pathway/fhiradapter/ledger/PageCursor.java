package org.pathway.fhiradapter.ledger;

import java.time.Instant;

/**
 * Where a page of a search ended: the last row's time in the search's order (a Task's last change,
 * an audit record's time) and its id, which breaks ties. The next page starts after it (keyset
 * paging), so a row that changes or leaves the results while a client pages moves no other row past
 * it: none is skipped, a changed one is met again later.
 */
public record PageCursor(Instant at, String id) {}
