package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.PreferHandlingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.ResourceBinding;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.method.BaseQueryParameter;
import ca.uhn.fhir.rest.server.method.SearchMethodBinding;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * FHIR search's {@code Prefer: handling=lenient}: a search naming parameters that no search of its
 * resource type takes is answered without them, and says so ({@code Preference-Applied}, and a self
 * link that repeats only the parameters used). Strict stays the default, as FHIR lets a server
 * choose: a misspelt narrowing parameter silently dropped would widen what a caller gets back.
 * Result parameters ({@code _count}, {@code _sort}...) are not touched.
 */
final class LenientSearch {

  private static final String PREFERENCE_APPLIED = "Preference-Applied";

  private LenientSearch() {}

  /**
   * Drops the parameters no search of the request's type takes, when the caller asked for lenient
   * handling; false when it did not ask, or when there was nothing to drop.
   */
  static boolean dropUnknown(Collection<ResourceBinding> bindings, RequestDetails request) {
    String prefer = request.getHeader(Constants.HEADER_PREFER);
    if (prefer == null
        || RestfulServerUtils.parsePreferHeader(prefer).getHanding() != PreferHandlingEnum.LENIENT
        || request.getResourceName() == null
        || request.getParameters() == null
        || !SearchMethodBinding.isPlainSearchRequest(request)) {
      return false;
    }
    Set<String> taken = taken(bindings, request.getResourceName());
    Map<String, String[]> kept = new LinkedHashMap<>();
    for (var parameter : request.getParameters().entrySet()) {
      String name = parameter.getKey();
      if (name.startsWith("_") || taken.contains(baseName(name))) {
        kept.put(name, parameter.getValue());
      }
    }
    if (kept.size() == request.getParameters().size()) {
      return false;
    }
    request.setParameters(kept);
    if (request instanceof ServletRequestDetails servlet) {
      servlet.getServletResponse().setHeader(PREFERENCE_APPLIED, "handling=lenient");
    }
    return true;
  }

  // The names the type's searches declare, without modifiers or chains.
  private static Set<String> taken(Collection<ResourceBinding> bindings, String resourceName) {
    return bindings.stream()
        .filter(b -> b.getResourceName().equals(resourceName))
        .flatMap(b -> b.getMethodBindings().stream())
        .filter(SearchMethodBinding.class::isInstance)
        .flatMap(m -> m.getParameters().stream())
        .filter(BaseQueryParameter.class::isInstance)
        .map(p -> baseName(((BaseQueryParameter) p).getName()))
        .collect(Collectors.toSet());
  }

  // "subject:Patient.identifier" and "status:not" name the parameters subject and status.
  private static String baseName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == ':' || c == '.') {
        return name.substring(0, i);
      }
    }
    return name;
  }
}
