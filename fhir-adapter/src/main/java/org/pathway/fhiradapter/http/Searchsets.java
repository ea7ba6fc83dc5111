package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.pathway.fhiradapter.ids.RandomUuids;
import org.pathway.fhiradapter.ledger.SearchPage;

/**
 * A page of a search as the {@code searchset} Bundle FHIR clients page through: {@code total} every
 * match, the self link as HAPI writes it, each entry a match with its full URL (then what {@code
 * _include} added), and a {@code next} link carrying where the page ended ({@link PageTokens})
 * while more follow.
 */
final class Searchsets {

  private Searchsets() {}

  static Bundle of(SearchPage<? extends Resource> page, RequestDetails request) {
    return of(page, java.util.List.of(), request);
  }

  /** As {@link #of(SearchPage, RequestDetails)}, with {@code included} after the matches. */
  static Bundle of(
      SearchPage<? extends Resource> page,
      java.util.List<? extends Resource> included,
      RequestDetails request) {
    var bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(page.total());
    bundle.setId(RandomUuids.nextString());
    bundle.getMeta().setLastUpdated(new Date());
    String base = request.getFhirServerBase();
    bundle
        .addLink()
        .setRelation(Constants.LINK_SELF)
        .setUrl(RestfulServerUtils.createLinkSelf(base, request));
    for (Resource r : page.items()) {
      add(bundle, base, r, Bundle.SearchEntryMode.MATCH);
    }
    for (Resource r : included) {
      add(bundle, base, r, Bundle.SearchEntryMode.INCLUDE);
    }
    if (page.next() != null) {
      bundle
          .addLink()
          .setRelation(Constants.LINK_NEXT)
          .setUrl(PageTokens.nextLink(request, PageTokens.encode(page.next())));
    }
    return bundle;
  }

  private static void add(Bundle bundle, String base, Resource r, Bundle.SearchEntryMode mode) {
    bundle
        .addEntry()
        .setFullUrl(base + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart())
        .setResource(r)
        .getSearch()
        .setMode(mode);
  }
}
