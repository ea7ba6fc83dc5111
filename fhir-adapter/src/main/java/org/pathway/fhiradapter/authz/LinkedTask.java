package org.pathway.fhiradapter.authz;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.fhiradapter.fhir.ReferralReader;
import org.pathway.fhiradapter.ledger.Parties;

/**
 * What a signed link's decisions need to know of the Task it names, as the ledger holds it now.
 *
 * @param taskId the Task's ledger id
 * @param status its current status
 * @param ownerOrg the organisation that owns it now ({@link Parties#organizationOf}), or null
 * @param formerOwners every organisation that has owned it, in any version, the current included
 * @param focusId the id of the ServiceRequest it fulfils, or null
 * @param partOfId the id of the Task it is part of, or null for a first hop
 * @param correlationId the referral's correlation id ({@code Task.groupIdentifier}), or null
 */
public record LinkedTask(
    String taskId,
    TaskStatus status,
    String ownerOrg,
    Set<String> formerOwners,
    String focusId,
    String partOfId,
    String correlationId) {

  public LinkedTask {
    formerOwners = Set.copyOf(formerOwners);
  }

  /** The facts of a Task from its versions, newest first (as the ledger's history lists them). */
  public static LinkedTask of(List<Task> versions) {
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("a Task has at least one version");
    }
    Set<String> owners = new LinkedHashSet<>();
    for (Task v : versions) {
      String org = owner(v);
      if (org != null) {
        owners.add(org);
      }
    }
    Task current = versions.get(0);
    return new LinkedTask(
        current.getIdElement().getIdPart(),
        current.getStatus(),
        owner(current),
        owners,
        current.hasFocus() ? current.getFocus().getReferenceElement().getIdPart() : null,
        current.hasPartOf() ? current.getPartOfFirstRep().getReferenceElement().getIdPart() : null,
        current.getGroupIdentifier().getValue());
  }

  private static String owner(Task task) {
    return task.hasOwner() ? Parties.organizationOf(ReferralReader.tokenOf(task.getOwner())) : null;
  }
}
