package org.pathway.portal.pages;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Task;
import org.pathway.events.vocabulary.Extensions;

/**
 * Where the people a link worker referred on wait: for each onward referral (a child Task) on its
 * group's waitlist, the group and the position the ledger keeps, e.g. {@code 2 at Allotment
 * Friends}.
 */
public final class WaitlistPositions {

  private WaitlistPositions() {}

  /** One line per child Task that is waiting, in the order given. */
  public static List<String> of(List<Task> children) {
    List<String> lines = new ArrayList<>();
    for (Task child : children) {
      var position = child.getExtensionByUrl(Extensions.WAITLIST_POSITION);
      if (position == null || position.getValue() == null) {
        continue;
      }
      String group =
          child.getOwner().hasDisplay()
              ? child.getOwner().getDisplay()
              : child.getOwner().getReferenceElement().getIdPart();
      lines.add(position.getValue().primitiveValue() + (group == null ? "" : " at " + group));
    }
    return lines;
  }
}
