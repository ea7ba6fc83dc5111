package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Task;
import org.pathway.directory.Directory;
import org.pathway.directory.DirectoryEntry;
import org.pathway.fhiradapter.fhir.Issue;

/**
 * What referral intake takes from the directory: the name of the owner a sender chose, whether a
 * service takes referrals at all, and a practice's Primary Care Network.
 */
@Singleton
class IntakeDirectory {

  private final Directory directory;

  IntakeDirectory(Directory directory) {
    this.directory = directory;
  }

  /**
   * Names the owner the sender chose as the directory does, and so as the router's decision that
   * confirms the choice names it: that decision then changes nothing and announces nothing, where
   * it would otherwise write a new Task version and event to add the owner's name.
   */
  void nameOwner(Task task) {
    if (!task.hasOwner() || task.getOwner().hasDisplay()) {
      return;
    }
    String owner = task.getOwner().getReference();
    String org = Parties.organizationOf(owner);
    if (org == null) {
      return;
    }
    directory
        .byId(org)
        .filter(e -> e.reference().equals(owner))
        .ifPresent(e -> task.getOwner().setDisplay(e.name()));
  }

  /**
   * A service the directory lists for signposting only has no referral channel: a person contacts
   * it themselves, so an onward referral to it would reach no one.
   */
  void refuseSignpostOnly(String ownerRef) {
    String org = Parties.organizationOf(ownerRef);
    if (org == null) {
      return;
    }
    directory
        .byId(org)
        .filter(e -> !e.acceptsReferrals())
        .ifPresent(
            e -> {
              throw new LedgerRefusedException(
                  LedgerRefusedException.Reason.BROKEN_RULE,
                  new Issue(
                      IssueType.BUSINESSRULE,
                      "ServiceRequest.performer",
                      e.name()
                          + " is listed for signposting only and takes no referrals: the person"
                          + " contacts it themselves"));
            });
  }

  /** The referring practice's Primary Care Network as the directory has it, or null. */
  String pcnOf(String practiceOdsCode) {
    return directory.byOdsCode(practiceOdsCode).map(DirectoryEntry::pcnCode).orElse(null);
  }
}
