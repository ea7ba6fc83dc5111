package org.pathway.fhiradapter.ledger;

import java.util.List;

/**
 * One page of a search.
 *
 * @param items the page's rows, in the search's order
 * @param next where the next page starts, or null when this is the last
 * @param total every row the search matches, on every page
 */
public record SearchPage<T>(List<T> items, PageCursor next, int total) {

  public SearchPage {
    items = List.copyOf(items);
  }

  /** The same page with each row mapped. */
  public <R> SearchPage<R> map(java.util.function.Function<T, R> f) {
    return new SearchPage<>(items.stream().map(f).toList(), next, total);
  }
}
