package org.pathway.fhiradapter.http;

import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.pathway.access.links.LinkHeaders;
import org.pathway.fhiradapter.authz.StatusLinks;
import org.pathway.fhiradapter.fhir.IdentifierCriteria;
import org.pathway.fhiradapter.fhir.ServiceRequestRevocation;
import org.pathway.fhiradapter.ids.RandomUuids;
import org.pathway.fhiradapter.ledger.LedgerReads;
import org.pathway.fhiradapter.ledger.ReferralCancellation;

/**
 * {@code POST /fhir/ServiceRequest}: a referral on its own (Patient contained or referenced), or a
 * link worker's onward referral. A client repeating a business identifier it sent before gets its
 * original (per client); If-None-Exist makes a create conditional on an identifier, as FHIR's
 * conditional create ({@link ConditionalCreate}). Read, search by identifier and {@code $context}
 * answer only the caller's own; {@code PUT} with status {@code revoked} is the requester's
 * withdrawal.
 */
@Singleton
public class ServiceRequestProvider implements IResourceProvider {

  private static final String IF_NONE_EXIST = "If-None-Exist";

  /** An identifier names one referral per client; a search answers at most this many. */
  private static final int SEARCH_LIMIT = 100;

  private final IntakeService intake;
  private final LedgerReads ledger;
  private final ReferralCancellation cancellation;
  private final StatusLinks statusLinks;
  private final ConditionalCreate conditional;

  public ServiceRequestProvider(
      IntakeService intake,
      LedgerReads ledger,
      ReferralCancellation cancellation,
      StatusLinks statusLinks,
      ConditionalCreate conditional) {
    this.intake = intake;
    this.ledger = ledger;
    this.cancellation = cancellation;
    this.statusLinks = statusLinks;
    this.conditional = conditional;
  }

  @Override
  public Class<ServiceRequest> getResourceType() {
    return ServiceRequest.class;
  }

  /**
   * {@code POST /fhir/ServiceRequest}, conditional when If-None-Exist names an identifier: a
   * referral the caller can see that matches is answered 200 as it is, and nothing is written; two
   * or more are 412.
   */
  @Create
  public MethodOutcome create(
      @ResourceParam ServiceRequest sr,
      @ConditionalUrlParam String ifNoneExist,
      HttpServletRequest req,
      HttpServletResponse res) {
    return Errors.guard(
        () -> {
          var held =
              ifNoneExist == null
                  ? Optional.<ServiceRequest>empty()
                  : conditional.held(ifNoneExist, IF_NONE_EXIST, req);
          if (held.isPresent()) {
            var outcome =
                new MethodOutcome(
                    new IdType(
                        "ServiceRequest",
                        held.get().getIdElement().getIdPart(),
                        held.get().getMeta().getVersionId()),
                    false);
            outcome.setResource(held.get());
            return outcome;
          }
          var result = intake.submit(sr, Map.of(), List.of(), actor -> Headers.context(req, actor));
          var accepted = result.accepted();
          if (Boolean.TRUE.equals(req.getAttribute(LinkAttributes.SELF_REFERRAL))) {
            // The person keeps this to see where their referral is; a repeat gets the same Task.
            statusLinks
                .issue(accepted.taskId(), Headers.caller(req).organization())
                .ifPresent(link -> res.setHeader(LinkHeaders.STATUS_LINK, link));
          }
          var outcome =
              new MethodOutcome(
                  new IdType("ServiceRequest", accepted.referralId(), "1"), accepted.created());
          outcome.setResource(accepted.serviceRequest());
          return outcome;
        });
  }

  /**
   * {@code GET /fhir/ServiceRequest?identifier=[system|]value}: the referrals the caller can see
   * that carry that business identifier (a referrer finding its own by the id it sent).
   */
  @Search
  public List<ServiceRequest> byIdentifier(
      @RequiredParam(name = ServiceRequest.SP_IDENTIFIER) TokenParam identifier,
      HttpServletRequest req) {
    return Errors.guard(
        () -> {
          var token = SearchParams.required(identifier, "identifier");
          return ledger.serviceRequestsByIdentifier(
              IdentifierCriteria.ofToken(token.getSystem(), token.getValue(), "identifier"),
              Headers.context(req, null).visibility(),
              SEARCH_LIMIT);
        });
  }

  /**
   * {@code PUT /fhir/ServiceRequest/{id}} with {@code status = revoked}: the requester withdraws
   * the referral (its Task and open child Tasks are cancelled). If-Match is required, as for Task.
   */
  @Update
  public MethodOutcome update(
      @IdParam IdType id, @ResourceParam ServiceRequest incoming, HttpServletRequest req) {
    return Errors.guard(
        () -> {
          if (!id.hasVersionIdPart()) {
            throw Errors.ifMatchRequired("ServiceRequest");
          }
          int expected;
          try {
            expected = Integer.parseInt(id.getVersionIdPart());
          } catch (NumberFormatException e) {
            throw new InvalidRequestException(
                "version '" + id.getVersionIdPart() + "' is not a number");
          }
          var ctx = Headers.context(req, null);
          var stored =
              ledger
                  .read("ServiceRequest", id.getIdPart(), ctx.visibility())
                  .map(ServiceRequest.class::cast)
                  .orElseThrow(() -> new ResourceNotFoundException(id));
          ServiceRequestRevocation.check(stored, incoming);
          var withdrawn =
              cancellation.withdrawById(
                  id.getIdPart(), expected, "ServiceRequest revoked by the referrer", ctx);
          var sr = withdrawn.serviceRequest();
          var outcome =
              new MethodOutcome(
                  new IdType("ServiceRequest", id.getIdPart(), sr.getMeta().getVersionId()), false);
          outcome.setResource(sr);
          return outcome;
        });
  }

  /**
   * {@code GET /fhir/ServiceRequest/{id}/$context}: the referral with the resources it came with
   * (Patient, Encounter, Conditions, Flags, the requester's PractitionerRole...), as a collection
   * Bundle, for those who may read the referral; anyone else is answered "not found".
   */
  @Operation(
      name = "$context",
      idempotent = true,
      returnParameters = @OperationParam(name = "return", type = Bundle.class, min = 1, max = 1))
  @Description(
      shortDefinition = "The referral with the resources it came with, as a collection Bundle")
  public Bundle context(@IdParam IdType id, HttpServletRequest req) {
    return Errors.guard(
        () -> {
          var all =
              ledger.referralWithContext(id.getIdPart(), Headers.context(req, null).visibility());
          if (all.isEmpty()) {
            throw new ResourceNotFoundException(id);
          }
          var bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
          bundle.setId(RandomUuids.nextString());
          for (Resource r : all) {
            bundle
                .addEntry()
                .setFullUrl(r.fhirType() + "/" + r.getIdElement().getIdPart())
                .setResource(r);
          }
          return bundle;
        });
  }

  @Read
  public ServiceRequest read(@IdParam IdType id, HttpServletRequest req) {
    return Errors.guard(
        () -> {
          // Another tenant's referral, and any referral for a caller without clinical sight, is
          // not found: its existence is not revealed.
          return ledger
              .read("ServiceRequest", id.getIdPart(), Headers.context(req, null).visibility())
              .map(ServiceRequest.class::cast)
              .orElseThrow(() -> new ResourceNotFoundException(id));
        });
  }
}
