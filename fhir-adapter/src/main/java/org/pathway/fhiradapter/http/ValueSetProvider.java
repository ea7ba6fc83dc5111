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
import org.hl7.fhir.r4.model.ValueSet;
import org.pathway.fhiradapter.fhir.DeclineReasonValueSet;

/**
 * The ValueSets Pathway publishes: {@code decline-reason}, read by id or found by {@code url}. Any
 * authenticated caller may read them (they describe codes, not people).
 */
@Singleton
public class ValueSetProvider implements IResourceProvider {

  @Override
  public Class<ValueSet> getResourceType() {
    return ValueSet.class;
  }

  @Read
  public ValueSet read(@IdParam IdType id) {
    if (!DeclineReasonValueSet.ID.equals(id.getIdPart())) {
      throw new ResourceNotFoundException(id);
    }
    return DeclineReasonValueSet.valueSet();
  }

  @Search
  public List<ValueSet> search(@OptionalParam(name = ValueSet.SP_URL) UriParam url) {
    ValueSet vs = DeclineReasonValueSet.valueSet();
    if (url != null && !vs.getUrl().equals(url.getValue())) {
      return List.of();
    }
    return List.of(vs);
  }
}
