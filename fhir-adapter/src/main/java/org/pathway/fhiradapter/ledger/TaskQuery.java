package org.pathway.fhiradapter.ledger;

import java.time.Instant;
import java.util.List;

/**
 * Task search criteria; null means "any". References are {@code Type/id} tokens. The caller's
 * {@link Visibility} narrows every search: a search never refuses, it finds only what the caller
 * may see.
 *
 * @param ids the Tasks' own ids ({@code _id=a,b}: any of them), or null for any
 * @param status the statuses taken, or null for any
 * @param after where the page before ended (the page starts after it), or null for the first
 * @param newestFirst the newest change first, else the oldest
 * @param limit most rows returned
 * @param visibility what the caller may see
 */
public record TaskQuery(
    List<String> ids,
    String requester,
    String owner,
    String subject,
    TaskStatuses status,
    String focus,
    String partOf,
    Instant updatedFrom,
    Instant updatedTo,
    PageCursor after,
    boolean newestFirst,
    int limit,
    Visibility visibility) {

  public TaskQuery {
    if (visibility == null) {
      throw new IllegalArgumentException("a Task search needs the caller's visibility");
    }
  }
}
