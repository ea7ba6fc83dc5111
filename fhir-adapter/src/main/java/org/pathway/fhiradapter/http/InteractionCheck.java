package org.pathway.fhiradapter.http;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pathway.access.links.LinkRefusal;
import org.pathway.access.links.SignedLink;
import org.pathway.access.scopes.Interaction;
import org.pathway.fhiradapter.authz.InteractionRules;
import org.pathway.fhiradapter.authz.LinkScope;
import org.pathway.fhiradapter.authz.LinkedTask;

/**
 * Applies {@link InteractionRules} to every FHIR interaction HAPI is about to handle: 403 with an
 * OperationOutcome ({@code forbidden}) for one outside the caller's scopes or role. A call made
 * through a signed link is then bound to the link's Task ({@link LinkScope}): anything else is 403
 * {@code not-for-this}.
 *
 * <p>An interceptor rather than a check in each provider method: HAPI has already decided which
 * operation the request is (read, vread, history, search, create, update, transaction, an
 * operation), and one hook sees all of them, so an operation added later is refused until it is
 * mapped here, instead of open until someone remembers to check it.
 */
@Interceptor
public class InteractionCheck {

  /**
   * A resource type and the SMART interaction a request amounts to, with the FHIR operation it
   * makes (null for a plain interaction).
   */
  record Asked(String resourceType, Interaction interaction, String operation) {}

  /** Refuses the request unless its caller may make it. */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void check(RequestDetails request, RestOperationTypeEnum operation) {
    if (isPublic(operation, request.getRequestPath())) {
      return;
    }
    var caller =
        request instanceof ServletRequestDetails servlet
            ? Headers.caller(servlet.getServletRequest())
            : null;
    if (caller == null) {
      // No caller means access control is off (refused at start-up outside the benchmark).
      return;
    }
    var servletRequest = ((ServletRequestDetails) request).getServletRequest();
    SignedLink link = LinkAttributes.link(servletRequest);
    Optional<Asked> asked = asked(operation, request.getResourceName(), request.getOperation());
    if (asked.isEmpty()) {
      String why = "the " + operation.getCode() + " interaction is not offered to API clients";
      if (link != null) {
        LinkAttributes.refused(servletRequest, link, LinkRefusal.NOT_FOR_THIS);
        throw Errors.linkRefused(LinkRefusal.NOT_FOR_THIS, why);
      }
      throw Errors.forbidden(null, why);
    }
    var a = asked.get();
    Optional<String> refused =
        InteractionRules.refusal(caller, a.resourceType(), a.interaction(), a.operation());
    if (link != null && refused.isEmpty()) {
      var task = (LinkedTask) servletRequest.getAttribute(LinkAttributes.TASK);
      refused = LinkScope.refusal(link, task, linkAsked(a, request));
    }
    if (refused.isEmpty()) {
      return;
    }
    if (link != null) {
      // Through a link, whatever the link does not reach is one refusal the portal can explain.
      LinkAttributes.refused(servletRequest, link, LinkRefusal.NOT_FOR_THIS);
      throw Errors.linkRefused(LinkRefusal.NOT_FOR_THIS, refused.get());
    }
    throw Errors.forbidden(a.resourceType(), refused.get());
  }

  /** The request as the link binding sees it: what, which id, the search, the body. */
  private static LinkScope.Asked linkAsked(Asked a, RequestDetails request) {
    var id = request.getId();
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (request.getParameters() != null) {
      request.getParameters().forEach((name, values) -> params.put(name, List.of(values)));
    }
    return new LinkScope.Asked(
        a.resourceType(),
        a.interaction(),
        id != null && id.hasIdPart() ? id.getIdPart() : null,
        params,
        request.getResource());
  }

  /**
   * The CapabilityStatement, SMART discovery and the OperationDefinitions the CapabilityStatement
   * names (such as ServiceRequest's {@code $context}): the API's shape, no one's data, so any
   * authenticated caller may read them whatever its scopes.
   */
  private static boolean isPublic(RestOperationTypeEnum operation, String path) {
    return operation == RestOperationTypeEnum.METADATA
        || (path != null && path.startsWith(".well-known/"))
        || (operation == RestOperationTypeEnum.READ
            && path != null
            && path.startsWith("OperationDefinition/"));
  }

  /**
   * What a request amounts to in SMART terms: read and vread and an instance's history are {@code
   * r}, searches {@code s}; a transaction or {@code $process-message} carries a referral (or its
   * BaRS cancellation), so it is a ServiceRequest create; a ServiceRequest's {@code $context} is a
   * read of it, and a Patient's {@code $everything} a read of the Patient. Empty for anything
   * Pathway does not offer (paging, batch, GraphQL, other operations).
   */
  static Optional<Asked> asked(
      RestOperationTypeEnum operation, String resourceType, String operationName) {
    Interaction interaction =
        switch (operation) {
          case READ, VREAD, HISTORY_INSTANCE -> Interaction.READ;
          case SEARCH_TYPE, HISTORY_TYPE -> Interaction.SEARCH;
          case CREATE -> Interaction.CREATE;
          case UPDATE, PATCH -> Interaction.UPDATE;
          case DELETE -> Interaction.DELETE;
          case TRANSACTION -> Interaction.CREATE;
          case EXTENDED_OPERATION_SERVER ->
              "$process-message".equals(operationName) ? Interaction.CREATE : null;
          // A referral's context is part of reading the referral.
          case EXTENDED_OPERATION_INSTANCE ->
              ("$context".equals(operationName) && "ServiceRequest".equals(resourceType))
                      // A person's whole record is a read of them (operators only).
                      || (InteractionRules.WHOLE_RECORD.equals(operationName)
                          && "Patient".equals(resourceType))
                  ? Interaction.READ
                  : null;
          default -> null;
        };
    if (interaction == null) {
      return Optional.empty();
    }
    if (operation == RestOperationTypeEnum.TRANSACTION
        || operation == RestOperationTypeEnum.EXTENDED_OPERATION_SERVER) {
      return Optional.of(new Asked("ServiceRequest", Interaction.CREATE, operationName));
    }
    return resourceType == null
        ? Optional.empty()
        : Optional.of(new Asked(resourceType, interaction, operationName));
  }
}
