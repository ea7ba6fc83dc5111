package org.pathway.deploy.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.pathway.access.links.LinkKeys;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.LinkSigner;
import org.pathway.access.links.SignedLink;
import org.pathway.deploy.Platform;
import org.pathway.deploy.SharedPlatform;
import org.pathway.deploy.access.DemoClients;
import org.pathway.testsupport.browser.Browser;

/**
 * The people's pages in a real browser (Debian's Chromium) over the whole platform as dev mode
 * starts it, started once for the class: each test opens the link from the email the dev mail
 * server received, answers as the person would, and checks the ledger and the next hop. Every page
 * shown is checked for accessibility and for fitting 320 px without horizontal scrolling, and saved
 * under {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedPlatform.class)
class SignedLinksBrowserIT {

  private static final String LINK_WORKER = DemoClients.LINK_WORKER;
  private static final String LINK_WORKER_MAIL = "east-lw@example.org";
  private static final String GROUP = "walk-and-talk";
  private static final String DECLINED_BY_PATIENT = "871711000000103";

  private Platform platform;
  private Browser browser;

  @BeforeAll
  void startABrowserOnThePlatform(Platform shared) throws Exception {
    Browser.requireChromium();
    platform = shared;
    browser = Browser.start();
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void aLinkWorkerAcceptsFromTheEmailAndTheGpHearsThenDeclinesAnotherWithACodedReason()
      throws Exception {
    // given a referral routed to the link-worker service, which is emailed a link
    Task first = platform.referAndAwaitRouting();
    assertThat(first.getOwner().getReference()).endsWith("/" + LINK_WORKER);
    show("link-worker-new", linkToLinkWorker(first));

    // when they press Accept
    press("Accept");

    // then the page says so and the GP's FHIR endpoint hears "accepted"
    assertThat(browser.text()).contains("Your answer has been recorded");
    checkPage("link-worker-accepted");
    Task atGp =
        Platform.await(
            "the GP to hear accepted", () -> platform.gp().task(first, Task.TaskStatus.ACCEPTED));
    assertThat(atGp.getStatus()).isEqualTo(Task.TaskStatus.ACCEPTED);

    // given a second referral, when they decline it giving the person's own decision as reason
    Task second = platform.referAndAwaitRouting();
    show("link-worker-second", linkToLinkWorker(second));
    new Select(browser.driver().findElement(By.id("reason")))
        .selectByVisibleText("The person does not want to take part");
    press("Decline");
    checkPage("link-worker-declined");

    // then the ledger holds the coded reason and the GP hears it
    Task inLedger = platform.read(LINK_WORKER, second.getIdPart());
    assertThat(inLedger.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
    Coding reason =
        inLedger.getStatusReason().getCoding().stream()
            .filter(c -> DECLINED_BY_PATIENT.equals(c.getCode()))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no coded reason: " + inLedger.getStatusReason()));
    Task rejected =
        Platform.await(
            "the GP to hear rejected", () -> platform.gp().task(second, Task.TaskStatus.REJECTED));
    // The back-channel tells the GP the reason in words and in code.
    assertThat(rejected.getStatusReason().getText())
        .isEqualTo(reason.hasDisplay() ? reason.getDisplay() : reason.getCode());
    assertThat(rejected.getStatusReason().getCoding())
        .anySatisfy(
            c -> {
              assertThat(c.getSystem()).isEqualTo(reason.getSystem());
              assertThat(c.getCode()).isEqualTo(DECLINED_BY_PATIENT);
            });
  }

  @Test
  void aFacilitatorAcceptsRecordsTwoSessionsAndFinishesAndTheLinkWorkerIsTold() throws Exception {
    // given a referral the link worker accepted and referred on to the walking group, from pages
    Task referral = platform.referAndAwaitRouting();
    String linkWorkerLink = linkToLinkWorker(referral);
    show("lw-before-refer", linkWorkerLink);
    press("Accept");
    press("Record the first conversation");
    Instant referred = Instant.now();
    show("lw-refer", linkWorkerLink);
    browser.driver().findElement(By.xpath("//label[contains(., 'Walk and Talk Group')]")).click();
    press("Refer to this group");
    checkPage("lw-referred");
    String facilitatorLink = platform.linkInMailTo(GROUP + "@example.org", referred);
    Task child =
        Platform.await(
            "the group's Task",
            () ->
                platform.children(LINK_WORKER, referral.getIdPart()).stream()
                    .findFirst()
                    .orElse(null));

    // when the facilitator accepts from their email, records two sessions and says they finished
    show("facilitator-new", facilitatorLink);
    Instant accepted = Instant.now();
    press("Accept");
    checkPage("facilitator-accepted");
    recordSession(true);
    checkPage("facilitator-session-attended");
    recordSession(false);
    checkPage("facilitator-session-missed");
    press("They have finished");
    checkPage("facilitator-finished");

    // then the ledger holds each answer as a version of the group's Task, in order
    List<Task> versions =
        Platform.await(
            "the finished Task in the ledger",
            () -> {
              List<Task> seen = platform.history(GROUP, child.getIdPart());
              return seen.get(seen.size() - 1).getStatus() == Task.TaskStatus.COMPLETED
                  ? seen
                  : null;
            });
    assertThat(versions)
        .extracting(Task::getStatus)
        .containsSubsequence(
            Task.TaskStatus.REQUESTED, Task.TaskStatus.ACCEPTED, Task.TaskStatus.COMPLETED);
    assertThat(versions)
        .extracting(SignedLinksBrowserIT::businessStatus)
        .containsSubsequence("session-attended", "did-not-attend");
    // and the link worker is emailed that the group accepted
    var told =
        Platform.await(
            "the link worker told of the accept",
            () -> platform.mailTo(LINK_WORKER_MAIL, accepted, "Walk and Talk Group"));
    assertThat(told).isNotNull();
  }

  @Test
  void tamperedExpiredReplayedAndRevokedLinksChangeNothingShowARefusalAndAreAudited()
      throws Exception {
    Instant start = Instant.now();
    Task referral = platform.referAndAwaitRouting();
    String id = referral.getIdPart();
    String link = platform.linkInMailAbout(id);
    platform.awaitDeliveryRecorded(LINK_WORKER, id);
    String before = version(id);

    // a tampered link: one character of its signature changed
    int cut = link.length() - 3;
    char swapped = link.charAt(cut) == 'A' ? 'B' : 'A';
    show("refused-tampered", link.substring(0, cut) + swapped + link.substring(cut + 1));
    assertThat(browser.text()).contains("This link does not work").contains("Nothing has been");
    assertThat(version(id)).isEqualTo(before);

    // an expired link for the same Task, signed with the real keys
    String portal = link.substring(0, link.indexOf("/l/") + 3);
    SignedLink old =
        new SignedLink(
            UUID.randomUUID().toString(),
            id,
            LINK_WORKER,
            LinkPurpose.LINK_WORKER,
            start.minus(Duration.ofDays(20)),
            start.minus(Duration.ofDays(6)));
    show("refused-expired", portal + new LinkSigner(LinkKeys.parse(platform.linkKeys())).sign(old));
    assertThat(browser.text()).contains("This link has expired");
    assertThat(version(id)).isEqualTo(before);

    // a replayed answer: the same Accept form submitted twice is recorded once
    browser.open(link);
    Map<String, String> acceptForm = formFields("Accept");
    press("Accept");
    String afterAccept = version(id);
    assertThat(afterAccept).isNotEqualTo(before);
    resubmit(link, acceptForm);
    assertThat(browser.text()).contains("You already gave this answer");
    checkPage("replayed");
    assertThat(version(id)).isEqualTo(afterAccept);

    // a revoked link: the GP cancels the referral, and the emailed link stops working
    Task revoked = platform.referAndAwaitRouting();
    String revokedLink = platform.linkInMailAbout(revoked.getIdPart());
    platform.awaitDeliveryRecorded(LINK_WORKER, revoked.getIdPart());
    platform.cancelAsPractice(revoked.getIdPart());
    String cancelled = version(revoked.getIdPart());
    show("refused-revoked", revokedLink);
    assertThat(browser.text()).contains("This referral has been withdrawn");
    assertThat(browser.driver().findElements(By.cssSelector("form button"))).isEmpty();
    assertThat(version(revoked.getIdPart())).isEqualTo(cancelled);

    // and each refusal is in the audit, naming why
    for (String refusal : List.of("bad-signature", "expired", "revoked")) {
      assertThat(
              Platform.await(
                  "an audit record of the " + refusal + " link",
                  () -> {
                    var found = platform.linkRefusals(refusal, start);
                    return found.isEmpty() ? null : found;
                  }))
          .as(refusal)
          .isNotEmpty();
    }
  }

  @Test
  void aPersonRefersThemselvesThroughThePublicFormAndTheLinkWorkerIsEmailed() throws Exception {
    // given the portal's public form, opened with no account and no link
    String portal = platform.dev().endpoints().access().portalUrl();
    show("self-referral", portal + "/self-referral");

    // when a person living in the east of the city fills it in and sends it
    type("given-name", "Ada");
    type("family-name", "Lovelace");
    type("dob-day", "10");
    type("dob-month", "12");
    type("dob-year", "1955");
    type("postcode", "LS9 7TF");
    browser.driver().findElement(By.id("contact-by-phone")).click();
    type("phone", "0113 496 0000");
    type("matters", "Getting out of the house and meeting people");
    browser.driver().findElement(By.id("consent-contact")).click();
    press("Send my referral");

    // then they are given a reference and a status link bound to their referral's Task
    checkPage("self-referral-sent");
    assertThat(browser.driver().findElement(By.id("reference")).getText())
        .matches("PW-[0-9A-Z]{4}-[0-9A-Z]{4}");
    String statusUrl = browser.driver().findElement(By.id("status-link")).getAttribute("href");
    String token =
        java.net.URLDecoder.decode(
            statusUrl.substring(statusUrl.lastIndexOf('/') + 1),
            java.nio.charset.StandardCharsets.UTF_8);
    String taskId = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getSubject();

    // and the referral reaches the link workers for that area: their email arrives, and its link
    // opens the person's referral for them to answer
    String linkWorkerLink = platform.linkInMailAbout(taskId);
    assertThat(platform.read(LINK_WORKER, taskId).getOwner().getReference())
        .endsWith("/" + LINK_WORKER);
    show("self-referral-link-worker", linkWorkerLink);
    assertThat(browser.text()).contains("A referral for your service");
    button("Accept");

    // and the person's link shows where it is, in plain words
    show("self-referral-status", statusUrl);
    assertThat(browser.text()).contains("Where your referral is").contains("We have your referral");
  }

  private void type(String id, String text) {
    browser.driver().findElement(By.id(id)).sendKeys(text);
  }

  /** Opens {@code url} in the browser and checks the page it shows. */
  /**
   * The link the link worker was emailed about {@code task}, once the ledger has recorded that
   * email's delivery: the receipt adds a version, and a page opened before it would meet "someone
   * else changed this" on its first answer (a person opens the mail after it arrived).
   */
  private String linkToLinkWorker(Task task) throws InterruptedException {
    String link = platform.linkInMailAbout(task.getIdPart());
    platform.awaitDeliveryRecorded(LINK_WORKER, task.getIdPart());
    return link;
  }

  private void show(String name, String url) {
    browser.open(url);
    checkPage(name);
  }

  /**
   * The page passes the accessibility checks and fits 320 px without scrolling sideways; a
   * screenshot of it at 320 px is kept under {@code target/screenshots/}.
   */
  private void checkPage(String name) {
    assertThat(browser.accessibilityProblems()).as("accessibility of " + name).isEmpty();
    browser.width(320);
    assertThat(browser.scrollWidth()).as(name + " at 320 px").isLessThanOrEqualTo(320);
    browser.screenshot("links-" + name + "-320");
    browser.width(1024);
  }

  /** Presses the button and waits for the page the answer leads to (POST, 303, GET). */
  private void press(String button) {
    WebElement pressed = button(button);
    markPage();
    pressed.click();
    awaitNewPage();
  }

  /**
   * Marks the document shown now, so {@link #awaitNewPage()} knows when another has loaded
   * (Chromium's staleness check can fail mid-navigation).
   */
  private void markPage() {
    ((JavascriptExecutor) browser.driver()).executeScript("window.__beforePress = true");
  }

  private void awaitNewPage() {
    new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
        .ignoring(WebDriverException.class)
        .until(
            d ->
                Boolean.TRUE.equals(
                    ((JavascriptExecutor) d)
                        .executeScript(
                            "return window.__beforePress === undefined"
                                + " && document.readyState === 'complete'")));
  }

  private WebElement button(String label) {
    return browser.driver().findElements(By.cssSelector("form button")).stream()
        .filter(b -> b.getText().trim().equalsIgnoreCase(label))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + label + "' button: " + browser.text()));
  }

  private void recordSession(boolean attended) {
    browser.driver().findElement(By.id(attended ? "attended-yes" : "attended-no")).click();
    press("Record this session");
    assertThat(browser.text()).contains("Your answer has been recorded");
  }

  /** The fields the form under {@code button} would send, read from the page. */
  private Map<String, String> formFields(String button) {
    WebElement form = button(button).findElement(By.xpath("./ancestor::form"));
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("#action", form.getAttribute("action"));
    for (WebElement input : form.findElements(By.cssSelector("input[type=hidden]"))) {
      fields.put(input.getAttribute("name"), input.getAttribute("value"));
    }
    return fields;
  }

  /** Submits {@code fields} again from the browser, as a resubmitted form would be sent. */
  private void resubmit(String page, Map<String, String> fields) {
    browser.open(page);
    markPage();
    StringBuilder script =
        new StringBuilder(
            "const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];");
    int i = 1;
    Object[] args = new Object[1 + 2 * (fields.size() - 1)];
    args[0] = fields.get("#action");
    for (var field : fields.entrySet()) {
      if (field.getKey().equals("#action")) {
        continue;
      }
      script.append(
          "{const i = document.createElement('input'); i.type = 'hidden';"
              + " i.name = arguments["
              + i
              + "]; i.value = arguments["
              + (i + 1)
              + "]; f.appendChild(i);}");
      args[i] = field.getKey();
      args[i + 1] = field.getValue();
      i += 2;
    }
    script.append("document.body.appendChild(f); f.submit();");
    ((JavascriptExecutor) browser.driver()).executeScript(script.toString(), args);
    awaitNewPage();
  }

  private String version(String taskId) {
    return platform.read(LINK_WORKER, taskId).getMeta().getVersionId();
  }

  private static String businessStatus(Task t) {
    return t.getBusinessStatus().getCoding().stream().map(Coding::getCode).findFirst().orElse("");
  }
}
