package org.pathway.fhiradapter.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.access.links.LinkKeys;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.LinkSigner;
import org.pathway.access.links.SignedLink;
import org.pathway.events.vocabulary.CodeSystems;

/** Signed links as the router issues them (with {@link Adapter#LINK_KEYS}), and their refusals. */
public final class Links {

  /** Signs with the test adapter's link keys. */
  public static final LinkSigner SIGNER = new LinkSigner(LinkKeys.parse(Adapter.LINK_KEYS));

  private Links() {}

  /** A fresh link for {@code taskId}, to {@code recipient}, valid for 14 days from now. */
  public static String link(String taskId, String recipient, LinkPurpose purpose) {
    Instant now = Instant.now();
    return SIGNER.sign(
        new SignedLink(
            UUID.randomUUID().toString(),
            taskId,
            recipient,
            purpose,
            now,
            now.plus(Duration.ofDays(14))));
  }

  /** The id ({@code jti}) of a signed link. */
  public static String linkId(String token) {
    try {
      return SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A 403 whose OperationOutcome carries {@code code} of the link-refusal CodeSystem. */
  public static void assertRefused(HttpResponse<String> res, String code) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(403);
    var issue = Api.outcome(res).getIssueFirstRep();
    assertThat(issue.getCode()).isEqualTo(IssueType.FORBIDDEN);
    assertThat(issue.getDetails().getCodingFirstRep().getSystem())
        .isEqualTo(CodeSystems.LINK_REFUSAL);
    assertThat(issue.getDetails().getCodingFirstRep().getCode()).isEqualTo(code);
  }
}
