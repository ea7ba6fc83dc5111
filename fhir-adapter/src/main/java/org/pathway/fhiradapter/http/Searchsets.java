package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.pathway.fhiradapter.ledger.SearchPage;

/**
 * A page of a search as the {@code searchset} Bundle FHIR clients page through: {@code total} every
 * match, the self link as HAPI writes it, each entry a match with its full URL, and a {@code next}
 * link carrying where the page ended ({@link PageTokens}) while more follow.
 */
final class Searchsets {

  private Searchsets() {}

  static Bundle of(SearchPage<? extends Resource> page, RequestDetails request) {
    var bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(page.total());
    bundle.setId(UUID.randomUUID().toString());
    bundle.getMeta().setLastUpdated(new Date());
    String base = request.getFhirServerBase();
    bundle
        .addLink()
        .setRelation(Constants.LINK_SELF)
        .setUrl(RestfulServerUtils.createLinkSelf(base, request));
    for (Resource r : page.items()) {
      bundle
          .addEntry()
          .setFullUrl(base + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart())
          .setResource(r)
          .getSearch()
          .setMode(Bundle.SearchEntryMode.MATCH);
    }
    if (page.next() != null) {
      bundle
          .addLink()
          .setRelation(Constants.LINK_NEXT)
          .setUrl(PageTokens.nextLink(request, PageTokens.encode(page.next())));
    }
    return bundle;
  }
}
