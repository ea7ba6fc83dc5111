package org.pathway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.pathway.access.links.LinkPurpose;
import org.pathway.portal.support.PageChecks;
import org.pathway.portal.support.Referrals;
import org.pathway.portal.support.Stack;
import org.pathway.testsupport.browser.Browser;

/**
 * Links the adapter refuses: a tampered, an expired, a withdrawn (the referral cancelled) and one
 * used by someone it was not sent to. Each gets its refusal page (403, no ids, no stack trace),
 * accessible at 320 px, and the ledger is unchanged.
 */
class RefusedLinksIT {

  private static Stack stack;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    stack = Stack.shared();
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void aTamperedLinkIsNotValidAndChangesNothing() throws Exception {
    Task task = stack.referrals().routedToLinkWorker();
    String id = task.getIdElement().getIdPart();
    String token = stack.link(id, Referrals.LINK_WORKER, LinkPurpose.LINK_WORKER);
    // One character of the signature changed, as a mangled copy-and-paste or a forger would.
    char last = token.charAt(token.length() - 2);
    String tampered =
        token.substring(0, token.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + token.charAt(token.length() - 1);

    assertRefused(tampered, "This link does not work", "refused-tampered");
    assertUnchanged(task);
    assertAudited("bad-signature");
    assertThat(post(tampered, "accept").statusCode()).isEqualTo(403);
    assertUnchanged(task);
  }

  @Test
  void anExpiredLinkSaysSo() throws Exception {
    Task task = stack.referrals().routedToLinkWorker();
    Instant issued = Instant.now().minus(Duration.ofDays(20));
    String token =
        stack.link(
            task.getIdElement().getIdPart(),
            Referrals.LINK_WORKER,
            LinkPurpose.LINK_WORKER,
            issued,
            issued.plus(Duration.ofDays(14)));
    assertRefused(token, "This link has expired", "refused-expired");
    assertUnchanged(task);
    assertAudited("expired");
  }

  @Test
  void aLinkToACancelledReferralIsWithdrawn() throws Exception {
    Task task = stack.referrals().routedToLinkWorker();
    String id = task.getIdElement().getIdPart();
    String token = stack.link(id, Referrals.LINK_WORKER, LinkPurpose.LINK_WORKER);
    Task current = stack.ledger().read("practice-a81001", Task.class, id);
    current.setStatus(Task.TaskStatus.CANCELLED);
    current.setStatusReason(new CodeableConcept().setText("Patient moved away"));
    Task cancelled = stack.ledger().update("practice-a81001", current);

    assertRefused(token, "This referral has been withdrawn", "refused-withdrawn");
    assertUnchanged(cancelled);
    assertAudited("revoked");
  }

  @Test
  void aLinkSentToSomeoneElseIsNotForThis() throws Exception {
    Task task = stack.referrals().routedToLinkWorker();
    // A genuine link naming another service as its recipient: the Task is not theirs.
    String token = stack.link(task.getIdElement().getIdPart(), "lw-youth", LinkPurpose.LINK_WORKER);
    assertRefused(token, "This link cannot be used for this", "refused-not-for-this");
    assertUnchanged(task);
    assertAudited("not-for-this");
  }

  private static void assertRefused(String token, String title, String screenshot)
      throws Exception {
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(stack.url(token))).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(403);
    browser.open(stack.url(token));
    assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo(title);
    assertThat(browser.text())
        .contains("Nothing has been changed")
        .doesNotContain("Exception")
        .doesNotContain("Task/");
    assertThat(browser.driver().findElements(By.tagName("form"))).isEmpty();
    PageChecks.check(browser, screenshot);
  }

  /** The adapter audited a refused attempt of the portal's with this link-refusal code. */
  private static void assertAudited(String refusal) throws Exception {
    assertThat(stack.ledger().portalLinkRefusals())
        .as("a refused portal call audited with link-refusal " + refusal)
        .contains(refusal);
  }

  private static void assertUnchanged(Task before) throws Exception {
    Task now =
        stack.ledger().read("practice-a81001", Task.class, before.getIdElement().getIdPart());
    assertThat(now.getMeta().getVersionId()).isEqualTo(before.getMeta().getVersionId());
    assertThat(now.getStatus()).isEqualTo(before.getStatus());
  }

  private static HttpResponse<String> post(String token, String action) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(stack.url(token)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "action=" + action + "&version=2&answer=0123456789abcdef0123456789abcdef"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
