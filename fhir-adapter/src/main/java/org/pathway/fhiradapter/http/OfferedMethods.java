package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.ResourceBinding;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * The HTTP methods Pathway offers on each resource type, from the interactions HAPI has bound: a
 * request with another method on a type it serves ({@code DELETE /Task/1}, {@code POST /Task}) is
 * 405 Method Not Allowed with an {@code Allow} header, as FHIR's REST API asks, not HAPI's 400
 * "does not know how to handle", which reads as a malformed request the client could mend.
 */
final class OfferedMethods {

  private OfferedMethods() {}

  /**
   * Refuses a request on {@code resourceType} made with {@code method} when no interaction on that
   * type accepts the method. Requests HAPI reads as naming an operation ({@code $context}, {@code
   * _history}, {@code _search}) are left to it.
   */
  static void check(
      Collection<ResourceBinding> bindings,
      String resourceType,
      String operation,
      RequestTypeEnum method) {
    if (resourceType == null || operation != null || method == null) {
      return;
    }
    for (ResourceBinding binding : bindings) {
      if (binding.getResourceName().equals(resourceType)) {
        Set<RequestTypeEnum> offered = offered(binding.getMethodBindings());
        if (!offered.isEmpty() && !offered.contains(effective(method))) {
          throw new MethodNotAllowedException(
              method + " is not offered on " + resourceType + " (allowed: " + offered + ")",
              offered.toArray(RequestTypeEnum[]::new));
        }
        return;
      }
    }
  }

  private static RequestTypeEnum effective(RequestTypeEnum method) {
    // HEAD is a GET without its body; Jetty and HAPI answer it wherever GET is answered.
    return method == RequestTypeEnum.HEAD ? RequestTypeEnum.GET : method;
  }

  private static Set<RequestTypeEnum> offered(Collection<BaseMethodBinding> methods) {
    Set<RequestTypeEnum> offered = EnumSet.noneOf(RequestTypeEnum.class);
    for (BaseMethodBinding m : methods) {
      offered.addAll(methodsOf(m.getRestOperationType()));
    }
    return offered;
  }

  private static Set<RequestTypeEnum> methodsOf(RestOperationTypeEnum interaction) {
    return switch (interaction) {
      case READ, VREAD, SEARCH_TYPE, HISTORY_INSTANCE, HISTORY_TYPE ->
          EnumSet.of(RequestTypeEnum.GET);
      case CREATE -> EnumSet.of(RequestTypeEnum.POST);
      case UPDATE -> EnumSet.of(RequestTypeEnum.PUT);
      case DELETE -> EnumSet.of(RequestTypeEnum.DELETE);
      case PATCH -> EnumSet.of(RequestTypeEnum.PATCH);
      default -> EnumSet.noneOf(RequestTypeEnum.class);
    };
  }
}
