package org.pathway.fhiradapter.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;

/**
 * What a {@code PUT ServiceRequest} may do, as a pure function: revoke the referral, and nothing
 * else. A referral's content is the referrer's clinical record of what it asked; changing it after
 * routing would leave the link worker acting on something else, so the one change offered is the
 * withdrawal ({@code status = revoked}), with the rest of the resource as it was read.
 */
public final class ServiceRequestRevocation {

  /** Elements a client may leave out or that the server keeps: not compared. */
  private static final Set<String> NOT_COMPARED = Set.of("id", "meta", "text", "status");

  private ServiceRequestRevocation() {}

  /**
   * Checks that {@code incoming} is {@code stored} (as the caller read it) revoked.
   *
   * @throws RequestRejectedException (invalid) naming the status when it is not {@code revoked},
   *     and each other element that differs, saying what is allowed
   */
  public static void check(ServiceRequest stored, ServiceRequest incoming) {
    List<Issue> issues = new ArrayList<>();
    if (incoming.getStatus() != ServiceRequestStatus.REVOKED) {
      issues.add(
          new Issue(
              IssueType.BUSINESSRULE,
              "ServiceRequest.status",
              "a ServiceRequest can only be revoked (status 'revoked') through PUT, not set to '"
                  + (incoming.hasStatus() ? incoming.getStatus().toCode() : "")
                  + "'"));
    }
    for (Property p : stored.children()) {
      if (NOT_COMPARED.contains(p.getName())) {
        continue;
      }
      Property other = incoming.getNamedProperty(p.getName());
      if (!same(p.getValues(), other == null ? List.of() : other.getValues())) {
        issues.add(
            new Issue(
                IssueType.BUSINESSRULE,
                "ServiceRequest." + p.getName(),
                "only ServiceRequest.status may change (to 'revoked', withdrawing the referral);"
                    + " send the rest as read"));
      }
    }
    if (!issues.isEmpty()) {
      throw new RequestRejectedException(RequestRejectedException.Reason.INVALID, issues);
    }
  }

  private static boolean same(List<Base> a, List<Base> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).equalsDeep(b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
