package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.pathway.fhiradapter.ledger.LedgerReads;

/**
 * The messages Pathway sent about a referral (one Communication per delivery receipt): read, and
 * search by {@code based-on} (the ServiceRequest) and {@code part-of} (the Task), sorted by {@code
 * sent}; each only on Tasks the caller may see, a community group's without their content.
 */
@Singleton
public class CommunicationProvider implements IResourceProvider {

  private final LedgerReads ledger;

  public CommunicationProvider(LedgerReads ledger) {
    this.ledger = ledger;
  }

  @Override
  public Class<Communication> getResourceType() {
    return Communication.class;
  }

  @Read
  public Communication read(@IdParam IdType id, HttpServletRequest req) {
    return Errors.guard(
        () ->
            ledger
                .readCommunication(id.getIdPart(), Headers.context(req, null).visibility())
                .orElseThrow(() -> new ResourceNotFoundException(id)));
  }

  /**
   * The search, a page of {@code _count} at {@code _offset} ({@link OffsetPages}); {@code total}
   * counts every match.
   */
  @Search
  public IBundleProvider search(
      @OptionalParam(name = Communication.SP_BASED_ON) ReferenceParam basedOn,
      @OptionalParam(name = Communication.SP_PART_OF) ReferenceParam partOf,
      @Sort SortSpec sort,
      @Offset Integer offset,
      @Count Integer count,
      HttpServletRequest req) {
    return Errors.guard(
        () -> {
          String taskRef = SearchReferences.typed(partOf, "Task", "part-of");
          if (taskRef != null && !taskRef.startsWith("Task/")) {
            // Pathway's Communications are part of a Task and nothing else.
            return new SimpleBundleProvider();
          }
          var found =
              ledger.searchCommunications(
                  SearchReferences.typed(basedOn, "ServiceRequest", "based-on"),
                  taskRef == null ? null : taskRef.substring("Task/".length()),
                  newestFirst(sort),
                  Headers.context(req, null).visibility());
          return OffsetPages.of(found, offset, count, null);
        });
  }

  private static boolean newestFirst(SortSpec sort) {
    if (sort == null) {
      return false;
    }
    if (!Communication.SP_SENT.equals(sort.getParamName()) || sort.getChain() != null) {
      throw new InvalidRequestException(
          "Communications sort by sent only (_sort=sent or _sort=-sent), not '"
              + org.pathway.fhiradapter.fhir.Issue.echo(sort.getParamName())
              + "'");
    }
    return sort.getOrder() == SortOrderEnum.DESC;
  }
}
