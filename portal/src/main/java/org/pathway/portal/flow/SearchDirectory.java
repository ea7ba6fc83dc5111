package org.pathway.portal.flow;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HealthcareService;
import org.pathway.portal.adapter.AdapterClient;
import org.pathway.portal.adapter.AdapterException;
import org.pathway.portal.pages.DirectorySearch;

/**
 * The public directory page: asks the adapter, as the portal itself and with no link, for the needs
 * the directory knows and for one page of the services matching what the person asked.
 */
public final class SearchDirectory {

  private static final int MAX_SERVICES = 500;

  private final AdapterClient adapter;

  public SearchDirectory(AdapterClient adapter) {
    this.adapter = adapter;
  }

  /** The page for a submitted (or empty) search form. */
  public PageResult search(Map<String, String> form) {
    DirectorySearch.Asked asked = DirectorySearch.asked(form);
    Map<String, Object> model = new HashMap<>();
    model.put("asked", asked);
    try {
      Bundle all = adapter.searchset(HealthcareService.class, "_count=" + MAX_SERVICES);
      model.put("needs", DirectorySearch.needs(services(all)));
      if (asked.searched() && asked.problem() == null) {
        Bundle found = adapter.searchset(HealthcareService.class, DirectorySearch.query(asked));
        model.put("rows", services(found).stream().map(DirectorySearch::row).toList());
        model.put("total", found.getTotal());
        if (asked.page() > 1) {
          model.put("previous", DirectorySearch.pageLink(asked, asked.page() - 1));
        }
        if (found.getTotal() > asked.page() * DirectorySearch.PAGE_SIZE) {
          model.put("next", DirectorySearch.pageLink(asked, asked.page() + 1));
        }
      }
    } catch (AdapterException e) {
      return new PageResult.Page("unavailable", 503, Map.of());
    }
    return new PageResult.Page("directory", asked.problem() == null ? 200 : 400, model);
  }

  private static List<HealthcareService> services(Bundle bundle) {
    return bundle.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource)
        .filter(HealthcareService.class::isInstance)
        .map(HealthcareService.class::cast)
        .toList();
  }
}
