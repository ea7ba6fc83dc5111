package org.pathway.portal.pages;

import java.util.Comparator;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Task;

/**
 * When a Task's current status began, from its versions: so a page can say "You accepted this on 3
 * December" rather than when anything last changed (a delivery receipt, say).
 */
public final class StatusSince {

  private StatusSince() {}

  /**
   * The time of the first version of the latest unbroken run of {@code current}'s status, or the
   * current version's time when the versions do not show it.
   */
  public static Date of(Task current, List<Task> versions) {
    List<Task> ordered =
        versions.stream()
            .filter(v -> v.getMeta().hasVersionId())
            .sorted(
                Comparator.comparingInt((Task v) -> Integer.parseInt(v.getMeta().getVersionId())))
            .toList();
    Date since = current.getMeta().getLastUpdated();
    for (int i = ordered.size() - 1; i >= 0; i--) {
      Task v = ordered.get(i);
      if (v.getStatus() != current.getStatus()) {
        break;
      }
      if (v.getMeta().getLastUpdated() != null) {
        since = v.getMeta().getLastUpdated();
      }
    }
    return since;
  }
}
