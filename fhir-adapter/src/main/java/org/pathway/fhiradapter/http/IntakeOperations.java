package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Date;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.pathway.fhiradapter.fhir.BarsMessage;
import org.pathway.fhiradapter.fhir.BundleReader;
import org.pathway.fhiradapter.ids.RandomUuids;

/**
 * The Bundle forms of intake: {@code POST /fhir} with a transaction Bundle, and {@code POST
 * /fhir/$process-message} with a BaRS message Bundle. Both end in the same ledger transaction as a
 * plain ServiceRequest.
 */
@Singleton
public class IntakeOperations {

  private final IntakeService intake;
  private final ConditionalCreate conditional;

  public IntakeOperations(IntakeService intake, ConditionalCreate conditional) {
    this.intake = intake;
    this.conditional = conditional;
  }

  @Transaction
  public Bundle transaction(@TransactionParam Bundle bundle, HttpServletRequest req) {
    return Errors.guard(
        () -> {
          var contents = BundleReader.transaction(bundle);
          var held = heldAlready(bundle, contents.serviceRequest(), req);
          if (held.isPresent()) {
            return answeredAsHeld(bundle, contents.serviceRequest(), held.get());
          }
          var result =
              intake.submit(
                  contents.serviceRequest(),
                  contents.byFullUrl(),
                  contents.supporting(),
                  actor -> Headers.context(req, actor));
          boolean created = result.accepted().created();
          var response = new Bundle().setType(BundleType.TRANSACTIONRESPONSE);
          response.setId(RandomUuids.nextString());
          for (var entry : bundle.getEntry()) {
            Resource r = entry.getResource();
            var out = response.addEntry().getResponse();
            if (r == contents.serviceRequest()) {
              out.setStatus(created ? "201 Created" : "200 OK")
                  .setLocation("ServiceRequest/" + result.accepted().referralId() + "/_history/1");
            } else if (created && stored(r, result)) {
              out.setStatus("201 Created")
                  .setLocation(r.fhirType() + "/" + r.getIdElement().getIdPart() + "/_history/1");
            } else if (r == result.submission().patient()) {
              // The person was held already (a repeat, or the Patient the referral referenced):
              // where they are, as the stored referral names them.
              out.setStatus("200 OK").setLocation(subjectOf(result.accepted().serviceRequest()));
            } else {
              out.setStatus("200 OK");
            }
          }
          return response;
        });
  }

  /** The referral a conditional ServiceRequest entry ({@code request.ifNoneExist}) matches. */
  private Optional<ServiceRequest> heldAlready(
      Bundle bundle, ServiceRequest sr, HttpServletRequest req) {
    for (int i = 0; i < bundle.getEntry().size(); i++) {
      var entry = bundle.getEntry().get(i);
      if (entry.getResource() == sr && entry.getRequest().hasIfNoneExist()) {
        return conditional.held(
            entry.getRequest().getIfNoneExist(),
            "Bundle.entry[" + i + "].request.ifNoneExist",
            req);
      }
    }
    return Optional.empty();
  }

  /** A transaction whose referral is held already: nothing written, every entry 200. */
  private static Bundle answeredAsHeld(Bundle bundle, ServiceRequest sr, ServiceRequest held) {
    var response = new Bundle().setType(BundleType.TRANSACTIONRESPONSE);
    response.setId(RandomUuids.nextString());
    for (var entry : bundle.getEntry()) {
      var out = response.addEntry().getResponse().setStatus("200 OK");
      if (entry.getResource() == sr) {
        out.setLocation(
            "ServiceRequest/"
                + held.getIdElement().getIdPart()
                + "/_history/"
                + held.getMeta().getVersionId());
      } else if (entry.hasResource() && sr.getSubject().getResource() == entry.getResource()) {
        out.setLocation(subjectOf(held));
      }
    }
    return response;
  }

  /** The Patient a stored referral is for, as a location ({@code Patient/id}), or null. */
  private static String subjectOf(ServiceRequest stored) {
    String ref = stored.getSubject().getReference();
    return ref != null && ref.startsWith("Patient/") ? ref : null;
  }

  private static boolean stored(Resource r, IntakeService.Result result) {
    return result.storedPatient().filter(p -> p == r).isPresent()
        || result.submission().supporting().stream().anyMatch(s -> s == r);
  }

  @Operation(name = "$process-message", idempotent = false)
  public Bundle processMessage(
      @ResourceParam Bundle bundle, HttpServletRequest req, HttpServletResponse res) {
    return Errors.guard(
        () -> {
          if (bundle == null) {
            throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(
                "$process-message needs a message Bundle as the request body");
          }
          var message = BarsMessage.read(bundle);
          var result = intake.submit(message, actor -> Headers.context(req, actor));
          var request = (MessageHeader) bundle.getEntryFirstRep().getResource();
          String location =
              "ServiceRequest/"
                  + result.referralId()
                  + "/_history/"
                  + result.serviceRequest().getMeta().getVersionId();
          res.setHeader("Location", baseUrl(req) + "/" + location);

          var header = new MessageHeader();
          header.setId(RandomUuids.nextString());
          header.setEvent(request.getEventCoding().copy());
          header.setReason(request.getReason().copy());
          header
              .getResponse()
              .setIdentifier(request.getIdElement().getIdPart().replace("urn:uuid:", ""))
              .setCode(MessageHeader.ResponseType.OK);
          header.setSource(
              new MessageHeader.MessageSourceComponent()
                  .setName("pathway")
                  .setEndpoint(baseUrl(req)));
          if (request.getSource().hasEndpoint()) {
            // The answer goes back to where the message came from, as BaRS responses do.
            header.addDestination().setEndpoint(request.getSource().getEndpoint());
          }
          header.addFocus(new Reference("ServiceRequest/" + result.referralId()));
          var response = new Bundle().setType(BundleType.MESSAGE);
          response.setId(RandomUuids.nextString());
          response.setTimestamp(new Date());
          response.addEntry().setFullUrl("urn:uuid:" + header.getId()).setResource(header);
          response
              .addEntry()
              .setFullUrl(baseUrl(req) + "/ServiceRequest/" + result.referralId())
              .setResource(result.serviceRequest());
          return response;
        });
  }

  private static String baseUrl(HttpServletRequest req) {
    String url = req.getRequestURL().toString();
    int i = url.indexOf("/fhir");
    return i < 0 ? url : url.substring(0, i + "/fhir".length());
  }
}
