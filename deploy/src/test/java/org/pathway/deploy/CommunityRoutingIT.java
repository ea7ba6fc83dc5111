package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Referrals from beyond the GP through every service, in their own JVMs on real Kafka and
 * PostgreSQL with access on: a police referral (no NHS number) is routed by its source, and a
 * 16-year-old's GP referral to the youth link workers, by the shipped triage rules, the decision
 * coming back as the Task's owner.
 */
@ExtendWith(SharedPlatform.class)
class CommunityRoutingIT {

  static final FhirContext FHIR = FhirContext.forR4Cached();
  static Platform platform;

  @BeforeAll
  static void onThePlatform(Platform shared) {
    platform = shared;
  }

  static IGenericClient as(String clientId) {
    return platform.as(clientId);
  }

  static ServiceRequest demo(String file) throws Exception {
    var sr =
        FHIR.newJsonParser()
            .parseResource(
                ServiceRequest.class,
                Files.readString(PathwayDev.repositoryRoot().resolve("deploy/demo/" + file)));
    sr.getIdentifierFirstRep().setValue(UUID.randomUUID().toString());
    return sr;
  }

  /** Sends {@code sr} as {@code clientId}; returns the owner its Task is given by the router. */
  static String routedOwner(String clientId, ServiceRequest sr) throws Exception {
    var client = as(clientId);
    var outcome = client.create().resource(sr).execute();
    String id = outcome.getId().getIdPart();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      Bundle found =
          client
              .search()
              .forResource(Task.class)
              .where(Task.FOCUS.hasId("ServiceRequest/" + id))
              .returnBundle(Bundle.class)
              .execute();
      if (!found.getEntry().isEmpty()) {
        Task task = (Task) found.getEntryFirstRep().getResource();
        if (task.hasOwner() && task.getOwner().hasReference()) {
          return task.getOwner().getReference();
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("ServiceRequest/" + id + " was not routed within 90 s");
  }

  @Test
  void routesAPoliceReferralWithoutNhsNumberByItsSource() throws Exception {
    // given the police's referral of a man of 34 in LS8, with no NHS number
    var referral = demo("police-referral.json");

    // when the police client sends it, then the emergency-services rule gives it to the community
    // link workers (not the east postcode rule that the same person referred by a GP would meet)
    assertThat(routedOwner("police-west-yorkshire", referral))
        .isEqualTo("HealthcareService/lw-community");
  }

  @Test
  void routesA16YearOldsGpReferralToTheYouthLinkWorkers() throws Exception {
    // given the practice's referral of a 16-year-old (born 2010-05-17, referred 2026-11-20)
    var referral = demo("youth-referral.json");

    assertThat(routedOwner("practice-a81001", referral)).isEqualTo("HealthcareService/lw-youth");
  }
}
