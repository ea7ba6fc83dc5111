package org.pathway.fhiradapter.http;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.pathway.fhiradapter.fhir.DirectorySearchParameters;
import org.pathway.fhiradapter.fhir.PathwayProfiles;

/**
 * Lists Pathway's own profiles in the CapabilityStatement HAPI generates for {@code GET /metadata}:
 * {@code rest.resource.supportedProfile} of ServiceRequest, Task and Observation; and names the
 * definition ({@code SearchParameter} canonical URL) of every search parameter Pathway adds; offers
 * only the includes a search answers and no reverse includes, leaves out the page token of a
 * search's next link ({@link PageTokens}), and names the server.
 */
@Interceptor
public final class CapabilityProfiles {

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void addProfiles(IBaseConformance generated) {
    if (!(generated instanceof CapabilityStatement cs)) {
      return;
    }
    // HAPI's placeholders ("RestServer", publisher "Not provided") named nothing.
    cs.setName("PathwayFhirAdapter").setTitle("Pathway FHIR API").setPublisher(null);
    for (var rest : cs.getRest()) {
      for (var resource : rest.getResource()) {
        PathwayProfiles.forResourceType(resource.getType())
            .filter(url -> !resource.hasSupportedProfile(url))
            .ifPresent(resource::addSupportedProfile);
        // HAPI lists "*" and every reference parameter as an include wherever a search declares
        // none (as a database-backed server answers them); here a search without @IncludeParam
        // refuses _include, so only the includes a search declares are offered.
        if (resource.getSearchInclude().stream().anyMatch(i -> "*".equals(i.getValue()))) {
          resource.getSearchInclude().clear();
        }
        // Likewise every reference parameter of the server as a _revinclude: none is answered.
        resource.getSearchRevInclude().clear();
        // The next link's page token continues a search; it is not a criterion to search by.
        resource.getSearchParam().removeIf(p -> PageTokens.PARAM.equals(p.getName()));
        for (var param : resource.getSearchParam()) {
          if ("HealthcareService".equals(resource.getType())) {
            DirectorySearchParameters.definition(param.getName()).ifPresent(param::setDefinition);
          }
        }
      }
    }
  }
}
