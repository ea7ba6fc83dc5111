package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A search answered from a short list read whole (a referral's Communications, a Task's status
 * changes): the page {@code _offset} and {@code _count} ask for, with the list's size as {@code
 * total}, so HAPI's {@code next} and {@code previous} links lead on. Handed the whole list instead,
 * HAPI answers a request that names an {@code _offset} with the whole list again: a client
 * following {@code next} met every entry twice. Lists that change while a client pages (a work
 * queue) are paged by where the page ended instead ({@link PageTokens}).
 */
final class OffsetPages {

  private OffsetPages() {}

  /**
   * The page of {@code all} from {@code offset} (0 when null) of {@code count} entries (when null,
   * {@code defaultCount}, or every entry when that is null too).
   */
  static IBundleProvider of(
      List<? extends IBaseResource> all, Integer offset, Integer count, Integer defaultCount) {
    int from = offset == null ? 0 : Math.max(0, Math.min(offset, all.size()));
    Integer asked = count != null ? count : defaultCount;
    int size = asked == null ? Math.max(1, all.size() - from) : Math.max(1, asked);
    var page = new SimpleBundleProvider(all.subList(from, Math.min(all.size(), from + size)));
    page.setSize(all.size());
    page.setCurrentPageOffset(from);
    page.setCurrentPageSize(size);
    return page;
  }
}
