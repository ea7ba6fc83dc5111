package org.pathway.fhiradapter.http;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceVersionPolicy;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import org.pathway.fhiradapter.fhir.DirectorySearchParameters;
import org.pathway.fhiradapter.fhir.PathwayProfiles;

/**
 * The CapabilityStatement HAPI generates for {@code GET /metadata}, made to say what Pathway does:
 * its own profiles ({@code rest.resource.supportedProfile} of ServiceRequest, Task and Observation)
 * and the definition ({@code SearchParameter} canonical URL) of every search parameter it adds;
 * only the includes a search answers, no reverse includes, not the page token of a search's next
 * link ({@link PageTokens}); the server's name; and, with access control on, how a client gets a
 * token (SMART on FHIR: {@code rest.security}, with the token endpoint in SMART's {@code
 * oauth-uris} extension for clients that look there rather than in SMART discovery).
 */
@Interceptor
public final class CapabilityStatementEdits {

  static final String OAUTH_URIS =
      "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

  /**
   * The types whose updates must name the version they replace ({@code If-Match}, else 428; a stale
   * one 412): {@code Errors.ifMatchRequired} in their providers. FHIR calls that {@code
   * versioned-update}; and as an update must name a version, it never creates.
   */
  static final Set<String> VERSION_AWARE_UPDATES =
      Set.of("HealthcareService", "ServiceRequest", "Task");

  private final String tokenEndpoint;

  /**
   * Edits for a server whose token endpoint is {@code tokenEndpoint} (null: access control off).
   */
  public CapabilityStatementEdits(String tokenEndpoint) {
    this.tokenEndpoint = tokenEndpoint;
  }

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void edit(IBaseConformance generated) {
    if (!(generated instanceof CapabilityStatement cs)) {
      return;
    }
    // HAPI's placeholders ("RestServer", publisher "Not provided") named nothing.
    cs.setName("PathwayFhirAdapter").setTitle("Pathway FHIR API").setPublisher(null);
    for (var rest : cs.getRest()) {
      if (tokenEndpoint != null) {
        security(rest.getSecurity());
      }
      for (var resource : rest.getResource()) {
        versions(resource);
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

  // HAPI leaves versioning unsaid, so a client cannot tell that an ETag must come back as If-Match.
  private static void versions(CapabilityStatementRestResourceComponent resource) {
    if (VERSION_AWARE_UPDATES.contains(resource.getType())) {
      resource.setVersioning(ResourceVersionPolicy.VERSIONEDUPDATE).setUpdateCreate(false);
    }
    resource.setReadHistory(
        resource.getInteraction().stream()
            .anyMatch(i -> i.getCode() == TypeRestfulInteraction.VREAD));
  }

  private void security(CapabilityStatement.CapabilityStatementRestSecurityComponent security) {
    security.setCors(false);
    security
        .addService()
        .setText("SMART Backend Services: client_credentials with a private_key_jwt assertion")
        .addCoding(
            new Coding(
                "http://terminology.hl7.org/CodeSystem/restful-security-service",
                "SMART-on-FHIR",
                "SMART-on-FHIR"));
    security.setDescription(
        "Every interaction but this CapabilityStatement and SMART discovery"
            + " (.well-known/smart-configuration) needs a bearer token from the token endpoint;"
            + " a token's SMART v2 scopes and the client's role decide what it may do.");
    security
        .addExtension()
        .setUrl(OAUTH_URIS)
        .addExtension(new Extension("token", new UriType(tokenEndpoint)));
  }
}
