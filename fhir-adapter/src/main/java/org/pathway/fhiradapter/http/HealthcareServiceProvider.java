package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.SpecialParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IdType;
import org.pathway.fhiradapter.fhir.CapacityReader;
import org.pathway.fhiradapter.fhir.DirectorySearchParameters;
import org.pathway.fhiradapter.ledger.CapacityReports;
import org.pathway.fhiradapter.ledger.DirectoryQuery;
import org.pathway.fhiradapter.ledger.DirectoryReads;

/**
 * The directory as {@code HealthcareService}: read and search (by {@code active}, {@code
 * service-category}, {@code service-type} or {@code type}, {@code name}, and Pathway's {@code
 * postcode-district}, {@code near}, {@code capacity}, {@code referral-mode}; paged by {@code
 * _count} and {@code _offset}) for every authenticated role, with each group's capacity; and a
 * group's capacity report as an update guarded by If-Match. The current version is the only one
 * served (no vread or history: the feed keeps no versions of its own).
 */
@Singleton
public class HealthcareServiceProvider implements IResourceProvider {

  private static final int MAX_COUNT = 500;
  private static final int DEFAULT_COUNT = 100;

  private final DirectoryReads directory;
  private final CapacityReports reports;

  public HealthcareServiceProvider(DirectoryReads directory, CapacityReports reports) {
    this.directory = directory;
    this.reports = reports;
  }

  @Override
  public Class<HealthcareService> getResourceType() {
    return HealthcareService.class;
  }

  @Read
  public HealthcareService read(@IdParam IdType id) {
    return Errors.guard(
        () -> directory.read(id.getIdPart()).orElseThrow(() -> new ResourceNotFoundException(id)));
  }

  @Search
  public IBundleProvider search(
      @OptionalParam(name = HealthcareService.SP_ACTIVE) TokenParam active,
      @OptionalParam(name = HealthcareService.SP_SERVICE_CATEGORY) TokenParam category,
      @OptionalParam(name = HealthcareService.SP_SERVICE_TYPE) TokenParam serviceType,
      @OptionalParam(name = "type") TokenParam type,
      @OptionalParam(name = HealthcareService.SP_NAME) StringParam name,
      @OptionalParam(name = DirectorySearchParameters.POSTCODE_DISTRICT) TokenParam district,
      @OptionalParam(name = DirectorySearchParameters.NEAR) SpecialParam near,
      @OptionalParam(name = DirectorySearchParameters.CAPACITY) TokenParam capacity,
      @OptionalParam(name = DirectorySearchParameters.REFERRAL_MODE) TokenParam mode,
      @Offset Integer offset,
      @Count Integer count) {
    return Errors.guard(
        () -> {
          int size = count == null ? DEFAULT_COUNT : Math.max(1, Math.min(count, MAX_COUNT));
          int from = offset == null ? 0 : Math.max(0, offset);
          var found =
              directory.search(
                  new DirectoryQuery(
                      active == null ? null : Boolean.valueOf(active.getValue()),
                      token(category),
                      // R4 names it service-type; plain type is accepted as the same thing.
                      token(serviceType != null ? serviceType : type),
                      name == null ? null : name.getValue(),
                      district == null ? null : district.getValue(),
                      near == null ? null : SearchValues.near(near.getValue()),
                      SearchValues.capacity(capacity == null ? null : capacity.getValue()),
                      SearchValues.referralMode(mode == null ? null : mode.getValue()),
                      from,
                      size));
          // The page is already cut: HAPI adds the total and the next/previous links by _offset.
          var page = new SimpleBundleProvider(found.page());
          page.setSize(found.total());
          page.setCurrentPageOffset(from);
          page.setCurrentPageSize(size);
          return page;
        });
  }

  @Update
  public MethodOutcome update(
      @IdParam IdType id, @ResourceParam HealthcareService service, HttpServletRequest req) {
    return Errors.guard(
        () -> {
          // As for Task: without the version read, a report could undo one the group never saw.
          if (!id.hasVersionIdPart()) {
            throw Errors.ifMatchRequired("HealthcareService");
          }
          int expected;
          try {
            expected = Integer.parseInt(id.getVersionIdPart());
          } catch (NumberFormatException e) {
            throw new InvalidRequestException(
                "version '" + id.getVersionIdPart() + "' is not a number");
          }
          var submitted = CapacityReader.read(service);
          HealthcareService saved =
              reports.report(
                  id.getIdPart(), expected, service, submitted, Headers.context(req, null));
          var outcome =
              new MethodOutcome(
                  new IdType("HealthcareService", id.getIdPart(), saved.getMeta().getVersionId()),
                  false);
          outcome.setResource(saved);
          return outcome;
        });
  }

  /** A token parameter as {@code code} or {@code system|code}. */
  private static String token(TokenParam p) {
    if (p == null) {
      return null;
    }
    return p.getSystem() == null ? p.getValue() : p.getSystem() + "|" + p.getValue();
  }
}
