package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.inject.Singleton;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.SearchParameter;
import org.pathway.fhiradapter.fhir.DirectorySearchParameters;

/**
 * The search parameters Pathway defines ({@code HealthcareService}'s postcode-district, near,
 * capacity, referral-mode), read by id or found by {@code url}; any authenticated caller may read
 * them, as the CapabilityStatement names them.
 */
@Singleton
public class SearchParameterProvider implements IResourceProvider {

  @Override
  public Class<SearchParameter> getResourceType() {
    return SearchParameter.class;
  }

  @Read
  public SearchParameter read(@IdParam IdType id) {
    return DirectorySearchParameters.byId(id.getIdPart())
        .orElseThrow(() -> new ResourceNotFoundException(id));
  }

  @Search
  public List<SearchParameter> search(@OptionalParam(name = SearchParameter.SP_URL) UriParam url) {
    return DirectorySearchParameters.all().stream()
        .filter(p -> url == null || p.getUrl().equals(url.getValue()))
        .toList();
  }
}
