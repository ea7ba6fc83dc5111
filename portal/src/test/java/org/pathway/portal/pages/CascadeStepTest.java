package org.pathway.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.junit.jupiter.api.Test;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.Extensions;

class CascadeStepTest {

  @Test
  void aHubOrATaskPassedDownByAHubOrCoordinatorIsPassedOnButAGroupMemberIsNot() {
    // a hub holding a request passes it on
    assertThat(CascadeStep.passesOn(Optional.of(service("hub-city", "hub")), Optional.empty()))
        .isTrue();
    // a street coordinator given it by the hub, or a volunteer given it by a coordinator
    assertThat(
            CascadeStep.passesOn(
                Optional.of(service("street-coord-ls7", "community-group")),
                Optional.of(service("hub-city", "hub"))))
        .isTrue();
    assertThat(
            CascadeStep.passesOn(
                Optional.of(service("volunteer-amina", "community-group")),
                Optional.of(service("street-coord-ls7", "community-group"))))
        .isTrue();
    // a group asked by a link worker to take a new member does not pass the person on
    assertThat(
            CascadeStep.passesOn(
                Optional.of(service("walk-and-talk", "community-group")),
                Optional.of(service("lw-north", "link-worker-service"))))
        .isFalse();
    // nothing known (the adapter served neither): a group's page
    assertThat(CascadeStep.passesOn(Optional.empty(), Optional.empty())).isFalse();
  }

  @Test
  void offersOnlyOtherCommunityGroupsTakingReferralsNotTheHolderNorWhoPassedItOn() {
    Task task = new Task();
    task.setOwner(new Reference("HealthcareService/street-coord-ls7"));
    task.setRequester(new Reference("HealthcareService/hub-city"));
    HealthcareService volunteer = service("volunteer-amina", "community-group");
    HealthcareService full =
        Capacity.reported(0, false).applyTo(service("volunteer-bob", "community-group"));
    HealthcareService inactive = service("volunteer-cy", "community-group").setActive(false);

    List<HealthcareService> choices =
        CascadeStep.choices(
            List.of(
                service("hub-city", "hub"),
                service("street-coord-ls7", "community-group"),
                service("lw-north", "link-worker-service"),
                volunteer,
                full,
                inactive),
            task);

    assertThat(choices)
        .extracting(s -> s.getIdElement().getIdPart())
        .containsExactly("volunteer-amina");
  }

  @Test
  void whoHoldsItNowIsTheRollUpsCurrentOwner() {
    Task task = new Task();
    assertThat(CascadeStep.heldBy(task)).isEmpty();
    Extension rollUp = task.addExtension().setUrl(Extensions.CASCADE_ROLLUP);
    rollUp.addExtension(Extensions.ROLLUP_LEVELS, new UnsignedIntType(2));
    assertThat(CascadeStep.heldBy(task)).isEmpty();
    rollUp.addExtension(
        Extensions.ROLLUP_CURRENT_OWNER, new Reference("HealthcareService/volunteer-amina"));
    assertThat(CascadeStep.heldBy(task))
        .map(Reference::getReference)
        .contains("HealthcareService/volunteer-amina");
  }

  private static HealthcareService service(String id, String kind) {
    HealthcareService s = new HealthcareService().setName(id);
    s.setId(id);
    s.addCategory().addCoding(new Coding(CodeSystems.SERVICE_KIND, kind, kind));
    // two places left: the directory's capacity, as the adapter serves it
    return Capacity.reported(2, false).applyTo(s);
  }
}
