package org.pathway.testsupport.gp;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;

/**
 * One resource type held in memory, latest version of each: read, search (everything), update (FHIR
 * update-as-create, as the back-channel expects of a GP system that has not seen a Task yet) and
 * create, honouring {@code If-None-Exist} on identifier as a FHIR server should.
 */
final class ResourceStore<T extends DomainResource> implements IResourceProvider {

  static final String CORRELATION_HEADER = "X-Correlation-ID";

  private final FhirContext fhir;
  private final Class<T> type;
  private final AtomicInteger ids;
  private final Consumer<Write> writes;
  private final Map<String, T> latest = new LinkedHashMap<>();
  // The id holding each identifier, by "system|value" and by value alone, as a FHIR server indexes
  // a search parameter: a conditional create looks one up instead of walking every resource held,
  // which made each create slower than the last over a benchmark's thousands of Communications.
  private final Map<String, String> byIdentifier = new HashMap<>();

  ResourceStore(FhirContext fhir, Class<T> type, AtomicInteger ids, Consumer<Write> writes) {
    this.fhir = fhir;
    this.type = type;
    this.ids = ids;
    this.writes = writes;
  }

  @Override
  public Class<T> getResourceType() {
    return type;
  }

  @Read
  public synchronized T read(@IdParam IdType id) {
    T found = latest.get(id.getIdPart());
    if (found == null) {
      throw new ResourceNotFoundException(id);
    }
    @SuppressWarnings("unchecked")
    T copy = (T) found.copy();
    return copy;
  }

  @Search
  public synchronized List<T> all() {
    return List.copyOf(stored());
  }

  @Update
  public synchronized MethodOutcome update(
      @IdParam IdType id, @ResourceParam T resource, HttpServletRequest request) {
    T old = latest.get(id.getIdPart());
    int version = old == null ? 1 : Integer.parseInt(old.getMeta().getVersionId()) + 1;
    save(id.getIdPart(), version, resource);
    writes.accept(write("PUT", resource, request));
    return new MethodOutcome(resource.getIdElement()).setCreated(old == null);
  }

  @Create
  public synchronized MethodOutcome create(
      @ResourceParam T resource,
      @ConditionalUrlParam String conditionalUrl,
      HttpServletRequest request) {
    String url =
        conditionalUrl == null ? "" : URLDecoder.decode(conditionalUrl, StandardCharsets.UTF_8);
    if (url.contains("identifier=")) {
      String wanted = url.substring(url.indexOf("identifier=") + 11);
      String system = wanted.contains("|") ? wanted.substring(0, wanted.indexOf('|')) : null;
      String value = wanted.substring(wanted.indexOf('|') + 1);
      String key = system == null || system.isEmpty() ? "|" + value : system + "|" + value;
      T existing = latest.get(byIdentifier.get(key));
      if (existing != null
          && identifiers(existing).stream()
              .anyMatch(
                  i ->
                      value.equals(i.getValue())
                          && (system == null
                              || system.isEmpty()
                              || system.equals(i.getSystem())))) {
        return new MethodOutcome(existing.getIdElement()).setCreated(false);
      }
    }
    save(Integer.toString(ids.incrementAndGet()), 1, resource);
    writes.accept(write("POST", resource, request));
    return new MethodOutcome(resource.getIdElement()).setCreated(true);
  }

  /** Puts a resource in place without a request, e.g. a Task the GP system already holds. */
  synchronized void seed(String id, T resource) {
    save(id, 1, resource);
  }

  synchronized List<T> stored() {
    return new ArrayList<>(latest.values());
  }

  synchronized T get(String id) {
    return latest.get(id);
  }

  private void save(String id, int version, T resource) {
    String v = Integer.toString(version);
    resource.setId(new IdType(type.getSimpleName(), id, v));
    resource.getMeta().setVersionId(v).setLastUpdated(new Date());
    latest.put(id, resource);
    for (Identifier i : identifiers(resource)) {
      if (i.hasValue()) {
        byIdentifier.put((i.hasSystem() ? i.getSystem() : "") + "|" + i.getValue(), id);
        byIdentifier.put("|" + i.getValue(), id);
      }
    }
  }

  private Write write(String method, T resource, HttpServletRequest request) {
    return new Write(
        method,
        type.getSimpleName(),
        resource.getIdElement().getIdPart(),
        resource.getMeta().getVersionId(),
        request == null ? null : request.getHeader(CORRELATION_HEADER),
        resource.copy());
  }

  private List<Identifier> identifiers(T resource) {
    return fhir.newTerser()
        .getValues(resource, type.getSimpleName() + ".identifier", Identifier.class);
  }
}
