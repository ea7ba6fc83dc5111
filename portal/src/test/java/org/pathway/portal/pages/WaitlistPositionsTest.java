package org.pathway.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.pathway.events.vocabulary.Extensions;

class WaitlistPositionsTest {

  static Task child(String group, Integer position) {
    Task t = new Task();
    t.setOwner(new Reference("HealthcareService/" + group).setDisplay(group.replace('-', ' ')));
    if (position != null) {
      t.addExtension(Extensions.WAITLIST_POSITION, new PositiveIntType(position));
    }
    return t;
  }

  @Test
  void showsTheLinkWorkerWhereEachPersonWaitsAndNothingForThoseNotWaiting() {
    var lines =
        WaitlistPositions.of(List.of(child("allotment-friends", 2), child("walk-and-talk", null)));

    assertThat(lines).containsExactly("2 at allotment friends");
  }

  @Test
  void namesTheGroupByItsIdWhenTheTaskGivesNoName() {
    Task t = child("allotment-friends", 1);
    t.getOwner().setDisplay(null);

    assertThat(WaitlistPositions.of(List.of(t))).containsExactly("1 at allotment-friends");
  }
}
