package org.pathway.portal.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;
import org.pathway.access.links.LinkRefusal;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.portal.adapter.AdapterException.Kind;

class AdapterRefusalTest {

  private static OperationOutcome outcome(IssueType type, String refusal) {
    OperationOutcome o = new OperationOutcome();
    var issue = o.addIssue().setCode(type).setSeverity(OperationOutcome.IssueSeverity.ERROR);
    if (refusal != null) {
      issue.getDetails().addCoding(new Coding(CodeSystems.LINK_REFUSAL, refusal, null));
    }
    return o;
  }

  @Test
  void readsTheLinkRefusalCodeOfA403() {
    AdapterException e = AdapterClient.refusal(403, outcome(IssueType.FORBIDDEN, "expired"));
    assertThat(e.kind()).isEqualTo(Kind.LINK_REFUSED);
    assertThat(e.refusal()).contains(LinkRefusal.EXPIRED);
  }

  @Test
  void aForbiddenChangeIsNotALinkRefusal() {
    assertThat(AdapterClient.refusal(403, outcome(IssueType.FORBIDDEN, null)).kind())
        .isEqualTo(Kind.REFUSED);
  }

  @Test
  void tellsAReplayFromAConflictingChange() {
    assertThat(AdapterClient.refusal(409, outcome(IssueType.DUPLICATE, null)).kind())
        .isEqualTo(Kind.DUPLICATE);
    assertThat(AdapterClient.refusal(412, outcome(IssueType.CONFLICT, null)).kind())
        .isEqualTo(Kind.CHANGED);
    assertThat(AdapterClient.refusal(409, outcome(IssueType.BUSINESSRULE, null)).kind())
        .isEqualTo(Kind.REFUSED);
  }

  @Test
  void aBrokenAdapterIsUnavailableNotRefused() {
    assertThat(AdapterClient.refusal(503, null).kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(AdapterClient.refusal(404, null).kind()).isEqualTo(Kind.NOT_FOUND);
  }
}
