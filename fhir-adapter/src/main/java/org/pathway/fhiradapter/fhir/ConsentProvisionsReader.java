package org.pathway.fhiradapter.fhir;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ProvisionComponent;
import org.hl7.fhir.r4.model.Resource;
import org.pathway.events.avro.ConsentParty;
import org.pathway.events.avro.ConsentState;
import org.pathway.events.avro.ConsentSummary;
import org.pathway.events.vocabulary.CodeSystems;

/**
 * Reads the Consents sent with a referral into the provisions every hop is governed by, as a pure
 * function (the router's {@code ConsentProvisions} documents the reading). Among several Consents
 * the most restrictive wins: withdrawn over deny over permit, and every nested deny counts, because
 * sharing what the person refused is the worse mistake.
 */
public final class ConsentProvisionsReader {

  private static final String OPT_OUT = "OPTOUT";

  private ConsentProvisionsReader() {}

  /** The summary of the Consents among {@code sentWithReferral}; ABSENT when there is none. */
  public static ConsentSummary read(List<Resource> sentWithReferral) {
    List<Consent> consents =
        sentWithReferral.stream()
            .flatMap(r -> r instanceof Consent c ? Stream.of(c) : Stream.empty())
            .toList();
    ConsentState state = ConsentState.ABSENT;
    Set<ConsentParty> denied = EnumSet.noneOf(ConsentParty.class);
    for (Consent c : consents) {
      ConsentState one = stateOf(c);
      if (one.ordinal() > state.ordinal()) {
        state = one;
      }
      denied.addAll(deniedParties(c.getProvision()));
    }
    return ConsentSummary.newBuilder()
        .setState(state)
        .setDenied(state == ConsentState.PERMIT ? List.copyOf(denied) : List.of())
        .build();
  }

  private static ConsentState stateOf(Consent c) {
    if (c.getStatus() == Consent.ConsentState.INACTIVE) {
      return ConsentState.WITHDRAWN;
    }
    if (c.getStatus() == Consent.ConsentState.REJECTED) {
      return ConsentState.DENY;
    }
    if (c.getStatus() != Consent.ConsentState.ACTIVE) {
      // A draft or proposed Consent is not yet the person's word: as if none were sent.
      return ConsentState.ABSENT;
    }
    boolean deny =
        c.getProvision().hasType()
            ? c.getProvision().getType() == ConsentProvisionType.DENY
            : c.getPolicyRule().getCoding().stream().anyMatch(k -> OPT_OUT.equals(k.getCode()));
    return deny ? ConsentState.DENY : ConsentState.PERMIT;
  }

  private static List<ConsentParty> deniedParties(ProvisionComponent top) {
    List<ConsentParty> parties = new ArrayList<>();
    for (ProvisionComponent nested : top.getProvision()) {
      if (nested.getType() != ConsentProvisionType.DENY) {
        continue;
      }
      for (var actor : nested.getActor()) {
        party(actor.getRole()).ifPresent(parties::add);
      }
    }
    return parties;
  }

  private static Optional<ConsentParty> party(CodeableConcept role) {
    for (Coding c : role.getCoding()) {
      if (CodeSystems.SERVICE_KIND.equals(c.getSystem())) {
        if ("link-worker-service".equals(c.getCode())) {
          return Optional.of(ConsentParty.LINK_WORKER_SERVICE);
        }
        if ("community-group".equals(c.getCode())) {
          return Optional.of(ConsentParty.COMMUNITY_GROUP);
        }
      }
      if (CodeSystems.CLIENT_ROLE.equals(c.getSystem()) && "referrer".equals(c.getCode())) {
        return Optional.of(ConsentParty.REFERRER);
      }
    }
    return Optional.empty();
  }
}
