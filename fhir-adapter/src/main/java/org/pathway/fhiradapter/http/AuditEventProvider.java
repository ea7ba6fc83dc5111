package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.access.clients.Role;
import org.pathway.access.scopes.Interaction;
import org.pathway.access.tokens.Caller;
import org.pathway.fhiradapter.fhir.AuditEvents;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.Outcomes;
import org.pathway.fhiradapter.ledger.AuditQuery;
import org.pathway.fhiradapter.ledger.InteractionLog;

/**
 * The audit as FHIR {@code AuditEvent}s, for operators only: read, and search by {@code date},
 * {@code agent} (client id), {@code outcome} (0, 4, 8) and {@code _count}, newest first.
 */
@Singleton
public class AuditEventProvider implements IResourceProvider {

  private static final int DEFAULT_COUNT = 50;
  private static final int MAX_COUNT = 500;

  private final InteractionLog audit;

  public AuditEventProvider(InteractionLog audit) {
    this.audit = audit;
  }

  @Override
  public Class<AuditEvent> getResourceType() {
    return AuditEvent.class;
  }

  @Read
  public AuditEvent read(@IdParam IdType id, HttpServletRequest req) {
    allowed(req, Interaction.READ);
    long rowId;
    try {
      rowId = Long.parseLong(id.getIdPart());
    } catch (NumberFormatException e) {
      throw new ResourceNotFoundException(id);
    }
    return Errors.guard(
        () ->
            audit
                .read(rowId)
                .map(AuditEvents::toFhir)
                .orElseThrow(() -> new ResourceNotFoundException(id)));
  }

  /**
   * The search, newest first, a page at a time ({@code _count}, 50 unless asked, at most 500):
   * {@code total} every match and a {@code next} link while more follow, carrying where the page
   * ended, so records written while an operator pages neither shift a page nor hide one.
   */
  @Search
  public Bundle search(
      @OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
      @OptionalParam(name = AuditEvent.SP_AGENT) TokenParam agent,
      @OptionalParam(name = AuditEvent.SP_OUTCOME) TokenParam outcome,
      @OptionalParam(name = PageTokens.PARAM) StringParam pageToken,
      @Count Integer count,
      HttpServletRequest req,
      RequestDetails request) {
    allowed(req, Interaction.SEARCH);
    Integer outcomeCode = null;
    if (outcome != null) {
      outcomeCode =
          switch (outcome.getValue()) {
            case "0" -> 0;
            case "4" -> 4;
            case "8" -> 8;
            default ->
                throw new InvalidRequestException(
                    "outcome must be 0, 4 or 8",
                    Outcomes.errors(
                        List.of(
                            new Issue(
                                IssueType.VALUE,
                                "AuditEvent.outcome",
                                "outcome must be 0 (success), 4 (refused) or 8 (failed)"))));
          };
    }
    int limit = count == null ? DEFAULT_COUNT : Math.max(1, Math.min(count, MAX_COUNT));
    var query =
        new AuditQuery(
            date == null ? null : at(date.getLowerBoundAsInstant()),
            date == null || date.getUpperBoundAsInstant() == null
                ? null
                : at(date.getUpperBoundAsInstant()),
            agent == null ? null : agent.getValue(),
            outcomeCode,
            pageToken == null
                ? null
                : PageTokens.decode(pageToken.getValue(), PageTokens.ROW_NUMBERS),
            limit);
    return Errors.guard(() -> Searchsets.of(audit.search(query).map(AuditEvents::toFhir), request));
  }

  /** Operators with an AuditEvent scope only; everyone else is refused, and the refusal audited. */
  private static void allowed(HttpServletRequest req, Interaction interaction) {
    var caller = (Caller) req.getAttribute(Caller.REQUEST_ATTRIBUTE);
    if (caller == null
        || caller.role() != Role.OPERATOR
        || !caller.scopes().permits("AuditEvent", interaction)) {
      throw new ForbiddenOperationException(
          "AuditEvent is for operators",
          Outcomes.errors(
              List.of(
                  new Issue(
                      IssueType.FORBIDDEN,
                      "AuditEvent",
                      "the audit is readable by operators with scope system/AuditEvent.rs only"))));
    }
  }

  private static OffsetDateTime at(Date date) {
    return date == null ? null : date.toInstant().atOffset(ZoneOffset.UTC);
  }
}
