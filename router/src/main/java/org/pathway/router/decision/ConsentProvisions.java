package org.pathway.router.decision;

import java.util.EnumSet;
import java.util.Set;
import org.pathway.events.avro.ConsentParty;
import org.pathway.events.avro.ConsentSummary;

/**
 * The consent provisions Pathway reads, and the one place they are defined. A referral's FHIR R4
 * {@code Consent} (scope {@code consentscope#patient-privacy} or {@code #treatment}) is read as:
 *
 * <ul>
 *   <li>no Consent with the referral: {@link State#ABSENT} (the GP's referral is direct care);
 *   <li>{@code status = active}, {@code provision.type = permit}: {@link State#PERMIT}, narrowed by
 *       each nested {@code provision} with {@code type = deny} whose {@code actor.role} is {@code
 *       service-kind#link-worker-service}, {@code service-kind#community-group} or {@code
 *       client-role#referrer} ({@link Party});
 *   <li>{@code status = active}, {@code provision.type = deny}, or {@code status = rejected}:
 *       {@link State#DENY} (the person agreed to be referred but not to their details being
 *       shared);
 *   <li>{@code status = inactive}: {@link State#WITHDRAWN}.
 * </ul>
 *
 * @param denied the parties a nested deny provision names (only read under {@link State#PERMIT})
 */
public record ConsentProvisions(State state, Set<Party> denied) {

  /** What the referral's consent says overall. */
  public enum State {
    ABSENT,
    PERMIT,
    DENY,
    WITHDRAWN
  }

  /** Who a nested provision names, by {@code Consent.provision.actor.role}. */
  public enum Party {
    /** {@code service-kind#link-worker-service}. */
    LINK_WORKER_SERVICE,
    /** {@code service-kind#community-group}. */
    COMMUNITY_GROUP,
    /** {@code client-role#referrer}: the GP practice (or other referrer) hearing the outcome. */
    REFERRER
  }

  public ConsentProvisions {
    denied = denied == null || denied.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(denied));
  }

  /** What {@code summary} (from ReferralReceived) says; absent when a writer did not carry it. */
  public static ConsentProvisions of(ConsentSummary summary) {
    if (summary == null) {
      return absent();
    }
    State state =
        switch (summary.getState()) {
          case PERMIT -> State.PERMIT;
          case DENY -> State.DENY;
          case WITHDRAWN -> State.WITHDRAWN;
          case ABSENT -> State.ABSENT;
        };
    Set<Party> denied = EnumSet.noneOf(Party.class);
    for (ConsentParty p : summary.getDenied()) {
      switch (p) {
        case LINK_WORKER_SERVICE -> denied.add(Party.LINK_WORKER_SERVICE);
        case COMMUNITY_GROUP -> denied.add(Party.COMMUNITY_GROUP);
        case REFERRER -> denied.add(Party.REFERRER);
        default -> {
          // A party Pathway does not send to narrows nothing it sends.
        }
      }
    }
    return new ConsentProvisions(state, denied);
  }

  /** No Consent came with the referral. */
  public static ConsentProvisions absent() {
    return new ConsentProvisions(State.ABSENT, Set.of());
  }

  /** An active permit, with the parties its nested deny provisions name. */
  public static ConsentProvisions permit(Party... denied) {
    return new ConsentProvisions(State.PERMIT, Set.of(denied));
  }
}
