package org.pathway.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;

class StatusSinceTest {

  private static Task version(int v, TaskStatus status, long at) {
    Task t = new Task();
    t.setStatus(status);
    t.getMeta().setVersionId(Integer.toString(v));
    t.getMeta().setLastUpdated(new Date(at));
    return t;
  }

  @Test
  void datesAnAnswerFromWhenTheStatusBeganNotFromTheLastChange() {
    Task v1 = version(1, TaskStatus.REQUESTED, 1_000);
    Task v2 = version(2, TaskStatus.ACCEPTED, 2_000);
    Task v3 = version(3, TaskStatus.ACCEPTED, 3_000);
    assertThat(StatusSince.of(v3, List.of(v3, v1, v2))).isEqualTo(new Date(2_000));
  }

  @Test
  void aStatusLeftAndReturnedToCountsFromItsReturn() {
    Task v1 = version(1, TaskStatus.ACCEPTED, 1_000);
    Task v2 = version(2, TaskStatus.ONHOLD, 2_000);
    Task v3 = version(3, TaskStatus.ACCEPTED, 3_000);
    assertThat(StatusSince.of(v3, List.of(v1, v2, v3))).isEqualTo(new Date(3_000));
  }

  @Test
  void withoutHistoryTheCurrentVersionsTimeIsUsed() {
    Task v5 = version(5, TaskStatus.COMPLETED, 5_000);
    assertThat(StatusSince.of(v5, List.of())).isEqualTo(new Date(5_000));
  }
}
