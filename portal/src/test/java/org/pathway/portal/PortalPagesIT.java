package org.pathway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.pathway.access.links.LinkPurpose;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.DeclineReasons;
import org.pathway.portal.support.PageChecks;
import org.pathway.portal.support.Referrals;
import org.pathway.portal.support.Stack;
import org.pathway.testsupport.browser.Browser;

/**
 * A link worker and a facilitator answer from their links in a real Chromium, through the portal
 * and the real adapter; the ledger, read over FHIR as the owning organisation, holds each answer
 * once. Every page passes the accessibility checks and fits a 320 px screen.
 */
class PortalPagesIT {

  private static Stack stack;
  private static Browser browser;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

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
  void linkWorkerAcceptsFromTheLinkAndTheLedgerHoldsIt() throws Exception {
    // given a referral routed to the link-worker service, and the link its email carries
    Task task = stack.referrals().routedToLinkWorker();
    String id = task.getIdElement().getIdPart();
    open(stack.link(id, Referrals.LINK_WORKER, LinkPurpose.LINK_WORKER), "link-worker-new");
    assertThat(h1()).isEqualTo("A referral for your service");
    assertThat(browser.text()).contains("Waiting for your answer");

    // when they press Accept
    press("Accept");

    // then the page says so, and the ledger holds the acceptance, made as the service
    checkPage("link-worker-accepted");
    assertThat(browser.text())
        .contains("Your answer has been recorded")
        .contains("You accepted this on");
    Task now = stack.ledger().read(Referrals.LINK_WORKER, Task.class, id);
    assertThat(now.getStatus()).isEqualTo(Task.TaskStatus.ACCEPTED);
  }

  @Test
  void linkWorkerDeclinesWithACodedReason() throws Exception {
    Task task = stack.referrals().routedToLinkWorker();
    String id = task.getIdElement().getIdPart();
    open(stack.link(id, Referrals.LINK_WORKER, LinkPurpose.LINK_WORKER), "link-worker-decline");

    new Select(browser.driver().findElement(By.id("reason")))
        .selectByVisibleText("The person does not want to take part");
    press("Decline");

    checkPage("link-worker-declined");
    assertThat(browser.text()).contains("Declined on").contains("does not want to take part");
    Task now = stack.ledger().read(Referrals.LINK_WORKER, Task.class, id);
    assertThat(now.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
    assertThat(now.getStatusReason().getCodingFirstRep().getSystem())
        .isEqualTo(DeclineReasons.SNOMED_CT);
    assertThat(now.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("871711000000103");
  }

  @Test
  void linkWorkerRecordsContactTheFirstConversationAndAScore() throws Exception {
    Task task = stack.referrals().routedToLinkWorker();
    String id = task.getIdElement().getIdPart();
    open(stack.link(id, Referrals.LINK_WORKER, LinkPurpose.LINK_WORKER), "link-worker-work");
    press("Accept");
    press("Record a contact attempt");
    assertThat(businessStatus(stack.ledger().read(Referrals.LINK_WORKER, Task.class, id)))
        .isEqualTo("contact-attempted");
    press("Record the first conversation");
    checkPage("link-worker-in-progress");
    Task working = stack.ledger().read(Referrals.LINK_WORKER, Task.class, id);
    assertThat(working.getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);
    assertThat(businessStatus(working)).isEqualTo("first-conversation-held");

    browser.driver().findElement(By.id("score")).sendKeys("19");
    press("Record the score");
    assertThat(browser.text()).contains("Your answer has been recorded");
    var scores =
        stack
            .ledger()
            .search(
                Referrals.LINK_WORKER, org.hl7.fhir.r4.model.Observation.class, "focus=Task/" + id);
    assertThat(scores).hasSize(1);
    assertThat(scores.get(0).getValueIntegerType().getValue()).isEqualTo(19);
  }

  @Test
  void facilitatorAcceptsRecordsTwoSessionsAndFinishes() throws Exception {
    // given a referral referred on to the group, and the facilitator's link
    Task child = stack.referrals().referredOnToGroup();
    String id = child.getIdElement().getIdPart();
    open(stack.link(id, Referrals.GROUP, LinkPurpose.FACILITATOR), "facilitator-new");
    assertThat(h1()).isEqualTo("A referral to your group");
    assertThat(browser.text()).doesNotContain("Mabel").doesNotContain("9434765919");

    // when they accept, record one session attended and one missed, then say they have finished
    press("Accept");
    LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
    setDate(today.minusDays(7));
    press("Record this session");
    checkPage("facilitator-session-recorded");
    setDate(today);
    browser.driver().findElement(By.id("attended-no")).click();
    press("Record this session");
    press("They have finished");
    checkPage("facilitator-finished");
    assertThat(browser.text()).contains("Finished on");

    // then the ledger holds each answer as its own version, as the group
    List<Task> versions = stack.ledger().history("group-a", id);
    List<String> said =
        versions.stream()
            .map(t -> t.getStatus().toCode() + ":" + businessStatus(t))
            .collect(Collectors.toList());
    assertThat(said)
        .containsSubsequence(
            "accepted:null",
            "in-progress:session-attended",
            "in-progress:did-not-attend",
            "completed:did-not-attend");
    assertThat(versions.get(versions.size() - 1).getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
  }

  @Test
  void facilitatorOffersTheWaitlistThenAPlace() throws Exception {
    Task child = stack.referrals().referredOnToGroup();
    String id = child.getIdElement().getIdPart();
    open(stack.link(id, Referrals.GROUP, LinkPurpose.FACILITATOR), "facilitator-waitlist");
    press("Add to the waitlist");
    checkPage("facilitator-on-waitlist");
    assertThat(browser.text()).contains("On the waitlist since");
    Task held = stack.ledger().read("group-a", Task.class, id);
    assertThat(held.getStatus()).isEqualTo(Task.TaskStatus.ONHOLD);
    press("Accept");
    assertThat(stack.ledger().read("group-a", Task.class, id).getStatus())
        .isEqualTo(Task.TaskStatus.ACCEPTED);
  }

  @Test
  void aResubmittedFormIsRecordedOnceAndSaysSo() throws Exception {
    Task task = stack.referrals().routedToLinkWorker();
    String id = task.getIdElement().getIdPart();
    String token = stack.link(id, Referrals.LINK_WORKER, LinkPurpose.LINK_WORKER);
    open(token, "replay-before");
    Map<String, String> form = formOf("accept");
    press("Accept");
    int versions = stack.ledger().history(Referrals.LINK_WORKER, id).size();

    // when the same form is posted again (a double tap, a resent request)
    HttpResponse<String> again = post(token, form);

    // then it is answered "already recorded", and nothing new is written
    assertThat(again.statusCode()).isEqualTo(303);
    assertThat(again.headers().firstValue("Location").orElseThrow()).endsWith("said=already");
    assertThat(stack.ledger().history(Referrals.LINK_WORKER, id)).hasSize(versions);
    browser.open(stack.portalUrl() + again.headers().firstValue("Location").orElseThrow());
    assertThat(browser.text()).contains("You already gave this answer");
    assertThat(browser.accessibilityProblems()).isEmpty();
  }

  @Test
  void eachPageAnswersWithTheHeadersThatKeepTheLinkPrivate() throws Exception {
    Task task = stack.referrals().routedToLinkWorker();
    String token =
        stack.link(task.getIdElement().getIdPart(), Referrals.LINK_WORKER, LinkPurpose.LINK_WORKER);
    HttpResponse<String> page =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.url(token))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'self'");
    assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(page.body()).doesNotContain("<script");
    HttpResponse<String> metrics =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.portalUrl() + "/prometheus")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).as("no endpoint on the pages' port").isEqualTo(404);
    HttpResponse<String> guarded =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + stack.portalManagementPort() + "/prometheus"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(guarded.statusCode()).as("the management port asks for an operator").isEqualTo(401);
  }

  @Test
  void linkWorkerRefersOnToAGroupWithPlaces() throws Exception {
    Task task = stack.referrals().routedToLinkWorker();
    String id = task.getIdElement().getIdPart();
    open(stack.link(id, Referrals.LINK_WORKER, LinkPurpose.LINK_WORKER), "link-worker-refer");
    press("Accept");
    press("Record the first conversation");
    checkPage("link-worker-refer-choose");
    WebElement first = browser.driver().findElement(By.cssSelector("input[name=service]"));
    String group = first.getAttribute("value");
    first.click();
    press("Refer to this group");

    assertThat(browser.text()).contains("The referral has been sent to the group");
    List<Task> children =
        stack.ledger().search(Referrals.LINK_WORKER, Task.class, "part-of=Task/" + id);
    assertThat(children).hasSize(1);
    assertThat(children.get(0).getOwner().getReference()).endsWith("/" + group);
  }

  @Test
  void aStreetCoordinatorPassesTheRequestOnFromTheirLinkAndSeesWhoHoldsItNow() throws Exception {
    // given a request the hub passed on to a street coordinator without a system of their own
    Task step = stack.referrals().passedOnByHubTo(Referrals.GROUP);
    String id = step.getIdElement().getIdPart();
    open(stack.link(id, Referrals.GROUP, LinkPurpose.FACILITATOR), "coordinator-new");
    assertThat(browser.text()).doesNotContain("Pass this on to");

    // when they accept it, then they may pass it on (no sessions to record) to a volunteer
    press("Accept");
    checkPage("coordinator-pass-on");
    assertThat(browser.text()).contains("Pass this on to").doesNotContain("Record this session");
    List<String> offered =
        browser.driver().findElements(By.cssSelector("input[name=service]")).stream()
            .map(e -> e.getAttribute("value"))
            .toList();
    assertThat(offered)
        .contains("walk-and-talk")
        .doesNotContain(Referrals.GROUP, Referrals.HUB, "lw-north");
    browser.driver().findElement(By.cssSelector("input[value=walk-and-talk]")).click();
    press("Pass it on");

    // then the child Task exists, part of theirs, with the volunteer as its owner
    assertThat(browser.text()).contains("The request has been passed on");
    List<Task> children = stack.ledger().search("group-a", Task.class, "part-of=Task/" + id);
    assertThat(children).hasSize(1);
    assertThat(children.get(0).getOwner().getReference())
        .isEqualTo("HealthcareService/walk-and-talk");
    // and the page says who holds it now (the roll-up)
    checkPage("coordinator-passed-on");
    assertThat(browser.text()).contains("Who has it now").contains("Walk and Talk Group");
  }

  @Test
  void facilitatorReportsTheGroupsPlaces() throws Exception {
    Task child = stack.referrals().referredOnTo("allotment-friends");
    String id = child.getIdElement().getIdPart();
    open(stack.link(id, "allotment-friends", LinkPurpose.FACILITATOR), "facilitator-capacity");
    browser.driver().findElement(By.id("places")).sendKeys("0");
    browser.driver().findElement(By.id("waitlist-closed")).click();
    press("Update places");

    checkPage("facilitator-capacity-recorded");
    assertThat(browser.text()).contains("places have been updated");
    var group =
        stack
            .ledger()
            .read("group-b", org.hl7.fhir.r4.model.HealthcareService.class, "allotment-friends");
    var capacity = group.getExtensionByUrl(org.pathway.events.vocabulary.Extensions.GROUP_CAPACITY);
    assertThat(capacity.getExtensionByUrl("status").getValue().primitiveValue())
        .isEqualTo("no-capacity");
  }

  @Test
  void anAnswerToAPageSomeoneElseChangedIsNotAppliedAndThePageSaysSo() throws Exception {
    Task task = stack.referrals().routedToLinkWorker();
    String id = task.getIdElement().getIdPart();
    open(stack.link(id, Referrals.LINK_WORKER, LinkPurpose.LINK_WORKER), "changed-before");
    // the service's case-management system acknowledges the referral while the page is open
    Task current = stack.ledger().read(Referrals.LINK_WORKER, Task.class, id);
    current.setBusinessStatus(
        new org.hl7.fhir.r4.model.CodeableConcept(
            new org.hl7.fhir.r4.model.Coding(
                CodeSystems.TASK_BUSINESS_STATUS, "acknowledged", null)));
    Task acknowledged = stack.ledger().update(Referrals.LINK_WORKER, current);

    press("Accept");

    checkPage("changed-after");
    assertThat(browser.text()).contains("Someone else changed this referral");
    Task now = stack.ledger().read(Referrals.LINK_WORKER, Task.class, id);
    assertThat(now.getMeta().getVersionId()).isEqualTo(acknowledged.getMeta().getVersionId());
    assertThat(now.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
  }

  @Test
  void anAnswerGivenBeforeTheNoticesReceiptWasFiledStillCounts() throws Exception {
    // given a facilitator who opens their link as soon as the email arrives
    Task task = stack.referrals().referredOnToGroup();
    String id = task.getIdElement().getIdPart();
    open(stack.link(id, Referrals.GROUP, LinkPurpose.FACILITATOR), "delivered-before");
    // and the notifier's delivery receipt is filed while the page is open
    Task delivered = stack.referrals().delivered(task, "group-a");
    assertThat(businessStatus(delivered)).isEqualTo("delivered");

    // when they decline with a reason
    new Select(browser.driver().findElement(By.id("reason")))
        .selectByVisibleText("We have no places");
    press("Decline");

    // then their answer is recorded on top of the receipt, not refused as someone else's change
    checkPage("delivered-after");
    assertThat(browser.text()).contains("Your answer has been recorded");
    Task now = stack.ledger().read("group-a", Task.class, id);
    assertThat(now.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
    assertThat(Integer.parseInt(now.getMeta().getVersionId()))
        .isEqualTo(Integer.parseInt(delivered.getMeta().getVersionId()) + 1);
  }

  @Test
  void anAnswerOvertakenOnItsWayByTheNoticesReceiptIsMadeAgainOnTopOfIt() throws Exception {
    // given a facilitator's page, opened before the notifier's delivery receipt was filed
    Task task = stack.referrals().referredOnToGroup();
    String id = task.getIdElement().getIdPart();
    open(stack.link(id, Referrals.GROUP, LinkPurpose.FACILITATOR), "overtaken-before");
    // and the receipt filed after the portal has read the Task for their answer, just before the
    // portal's update reaches the ledger
    var delivered = new java.util.concurrent.atomic.AtomicReference<Task>();
    stack
        .hop()
        .before(
            "PUT",
            "/fhir/Task/" + id,
            () -> {
              try {
                delivered.set(stack.referrals().delivered(task, "group-a"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    // when they decline with a reason
    new Select(browser.driver().findElement(By.id("reason")))
        .selectByVisibleText("We have no places");
    press("Decline");

    // then the update the receipt overtook is made again on the receipt's version, once
    checkPage("overtaken-after");
    assertThat(browser.text()).contains("Your answer has been recorded");
    assertThat(delivered.get()).as("the receipt was filed on the update's way").isNotNull();
    Task now = stack.ledger().read("group-a", Task.class, id);
    assertThat(now.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
    assertThat(Integer.parseInt(now.getMeta().getVersionId()))
        .isEqualTo(Integer.parseInt(delivered.get().getMeta().getVersionId()) + 1);
  }

  @Test
  void aPersonRefersThemselvesCorrectsAMistakeAndSeesWhereTheirReferralIs() throws Exception {
    // given the public form, opened with no link and no account
    browser.open(stack.portalUrl() + "/self-referral");
    checkPage("self-referral");
    assertThat(h1()).isEqualTo("Refer yourself for social prescribing");

    // when they fill it in with an NHS number that fails its check, and send it
    type("given-name", "Ada");
    type("family-name", "Lovelace");
    type("dob-day", "10");
    type("dob-month", "12");
    type("dob-year", "1955");
    type("postcode", "ls6 1lf");
    browser.driver().findElement(By.id("contact-by")).click();
    type("email", "ada@example.org");
    type("matters", "Getting out of the house & meeting people <again>");
    type("nhs-number", "943 476 5918");
    browser.driver().findElement(By.id("consent-contact")).click();
    press("Send my referral");

    // then the form comes back with the problem summarised, linked to the field, and beside it,
    // and what they typed kept (escaped, never run)
    checkPage("self-referral-problem");
    assertThat(browser.text()).contains("There is a problem");
    var summary = browser.driver().findElements(By.cssSelector("#problem-summary a"));
    assertThat(summary)
        .extracting(WebElement::getText)
        .contains(
            "Check your NHS number: it is not a real one. You can leave it out",
            "Remove the characters < and > from your answer");
    assertThat(summary.get(0).getAttribute("href")).endsWith("#matters");
    assertThat(browser.driver().findElement(By.id("nhs-number-error")).getText())
        .startsWith("Check your NHS number");
    assertThat(browser.driver().findElement(By.id("given-name")).getAttribute("value"))
        .isEqualTo("Ada");
    assertThat(browser.driver().findElement(By.id("matters")).getAttribute("value"))
        .isEqualTo("Getting out of the house & meeting people <again>");
    assertThat(browser.driver().findElement(By.id("consent-contact")).isSelected()).isTrue();

    // when they correct both and send it again
    browser.driver().findElement(By.id("nhs-number")).clear();
    type("nhs-number", "943 476 5919");
    browser.driver().findElement(By.id("matters")).clear();
    type("matters", "Getting out of the house and meeting people again");
    press("Send my referral");

    // then they are given a reference and a link to see where their referral is
    checkPage("self-referral-sent");
    assertThat(h1()).isEqualTo("Your referral has been sent");
    assertThat(browser.driver().findElement(By.id("reference")).getText())
        .matches("PW-[0-9A-Z]{4}-[0-9A-Z]{4}");
    String statusUrl = browser.driver().findElement(By.id("status-link")).getAttribute("href");
    String token =
        java.net.URLDecoder.decode(
            statusUrl.substring(statusUrl.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
    assertThat(org.pathway.portal.link.LinkHint.read(token).purpose())
        .contains(LinkPurpose.REFERRAL_STATUS);

    // and the link opens where the referral is, read through the adapter from their own Task
    browser.driver().findElement(By.id("status-link")).click();
    new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
        .until(d -> d.findElement(By.tagName("h1")).getText().equals("Where your referral is"));
    checkPage("referral-status");
    assertThat(browser.text())
        .contains("We have your referral. A link worker will look at it soon.");

    // and the status link reaches nothing but that page: not a link worker's page of its Task
    browser.open(stack.url(token));
    assertThat(h1()).isEqualTo("This link cannot be used for this");
  }

  @Test
  void aPersonStopsSharingFromTheirStatusLinkAndTheLinkThenShowsTheReferralClosed()
      throws Exception {
    // given a person who referred themselves and holds their status link
    String token = referMyself("Grace", "grace@example.org");
    String taskId = org.pathway.portal.link.LinkHint.read(token).taskId();
    String statusUrl =
        stack.portalUrl() + "/referral-status/" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    browser.open(statusUrl);
    assertThat(h1()).isEqualTo("Where your referral is");

    // when they choose to stop sharing, they are asked to confirm first, and nothing changes yet
    browser.driver().findElement(By.id("stop-sharing")).click();
    new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
        .until(d -> d.findElement(By.tagName("h1")).getText().startsWith("Are you sure"));
    checkPage("stop-sharing");
    assertThat(ledgerOne("select status from task where id = ?", taskId)).isNotEqualTo("cancelled");

    // when they confirm (a plain form: no script needed)
    press("Yes, stop sharing my information");

    // then the page says what happened
    assertThat(h1()).isEqualTo("You have stopped sharing your information");
    assertThat(browser.text()).contains("Your referral is closed");
    checkPage("stopped-sharing");
    // and the ledger closed their Task with the consent-withdrawn reason, keeping their Consent,
    // audited with the person as the actor
    assertThat(ledgerOne("select status from task where id = ?", taskId)).isEqualTo("cancelled");
    String root = ledgerOne("select root_referral_id from task where id = ?", taskId);
    String consentId =
        ledgerOne(
            "select id from fhir_resource where resource_type = 'Consent' and referral_id = ?",
            root);
    assertThat(consentId).isNotEmpty();
    assertThat(
            ledgerOne(
                "select actor from audit_event where kind = 'ledger' and interaction = 'create'"
                    + " and resource_type = 'Consent' and resource_id = ?",
                consentId))
        .startsWith("the person ");
    // and their link now shows the referral closed, and records nothing more
    browser.open(statusUrl);
    assertThat(h1()).isEqualTo("This referral has been withdrawn");
    HttpResponse<String> again = postTo(statusUrl + "/stop-sharing", Map.of());
    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(
            ledgerOne(
                "select count(*) from fhir_resource where resource_type = 'Consent'"
                    + " and referral_id = ?",
                root))
        .isEqualTo("1");
  }

  @Test
  void aFormWithTheHoneypotFilledLooksSentButCreatesNothing() throws Exception {
    // given a form as a bot fills it: every field, the hidden one too
    browser.open(stack.portalUrl() + "/self-referral");
    String token = browser.driver().findElement(By.name("token")).getAttribute("value");
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", token);
    form.put("given-name", "Spam");
    form.put("family-name", "Bot");
    form.put("dob-day", "1");
    form.put("dob-month", "1");
    form.put("dob-year", "1970");
    form.put("postcode", "LS6 1LF");
    form.put("contact-by", "email");
    form.put("email", "bot@example.org");
    form.put("matters", "Buy now");
    form.put("consent-contact", "yes");
    form.put("website", "http://spam.example");

    HttpResponse<String> sent = postTo(stack.portalUrl() + "/self-referral", form);

    // then it is answered like a real one, but its "status link" names nothing the adapter holds
    assertThat(sent.statusCode()).isEqualTo(200);
    assertThat(sent.body()).contains("Your referral has been sent");
    String statusPath =
        org.jsoup.Jsoup.parse(sent.body()).getElementById("status-link").attr("href");
    browser.open(stack.portalUrl() + statusPath);
    assertThat(h1()).isEqualTo("This link does not work");

    // and a form not rendered by the portal (no token) is refused and shown again
    form.remove("token");
    form.put("website", "");
    HttpResponse<String> forged = postTo(stack.portalUrl() + "/self-referral", form);
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body()).contains("This form was open too long");
  }

  // --- helpers --------------------------------------------------------------------------------

  /** Refers a person through the public form (as a browser posts it); their status link. */
  static String referMyself(String givenName, String email) throws Exception {
    browser.open(stack.portalUrl() + "/self-referral");
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", browser.driver().findElement(By.name("token")).getAttribute("value"));
    form.put("given-name", givenName);
    form.put("family-name", "Hopper");
    form.put("dob-day", "9");
    form.put("dob-month", "12");
    form.put("dob-year", "1956");
    form.put("postcode", "LS6 1LF");
    form.put("contact-by", "email");
    form.put("email", email);
    form.put("matters", "Meeting people");
    form.put("consent-contact", "yes");
    form.put("website", "");
    HttpResponse<String> sent = postTo(stack.portalUrl() + "/self-referral", form);
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
    String statusPath =
        org.jsoup.Jsoup.parse(sent.body()).getElementById("status-link").attr("href");
    return java.net.URLDecoder.decode(
        statusPath.substring(statusPath.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
  }

  /** One value from the adapter's database, or "" when no row. */
  static String ledgerOne(String sql, String arg) throws Exception {
    try (var c = stack.ledgerDatabase().connect();
        var ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (var rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : "";
      }
    }
  }

  static void open(String token, String name) {
    browser.open(stack.url(token));
    checkPage(name);
  }

  static void checkPage(String name) {
    PageChecks.check(browser, name);
  }

  static String h1() {
    return browser.driver().findElement(By.tagName("h1")).getText();
  }

  /**
   * Presses a button and waits for the page the answer leads to (POST, 303, GET): the test marks
   * the old document, and waits for a loaded one without the mark.
   */
  static void press(String button) {
    WebElement pressed =
        browser.driver().findElement(By.xpath("//button[normalize-space()='" + button + "']"));
    browser.clickToNextPage(pressed);
  }

  static void setDate(LocalDate date) {
    WebElement input = browser.driver().findElement(By.id("session-date"));
    ((JavascriptExecutor) browser.driver())
        .executeScript("arguments[0].value = arguments[1]", input, date.toString());
  }

  static String businessStatus(Task t) {
    return t.hasBusinessStatus()
        ? t.getBusinessStatus().getCoding().stream()
            .filter(c -> CodeSystems.TASK_BUSINESS_STATUS.equals(c.getSystem()))
            .map(c -> c.getCode())
            .findFirst()
            .orElse(null)
        : null;
  }

  /** The fields of the form whose action is {@code action}, as the page holds them. */
  static Map<String, String> formOf(String action) {
    WebElement form =
        browser
            .driver()
            .findElement(By.xpath("//form[input[@name='action' and @value='" + action + "']]"));
    Map<String, String> fields = new LinkedHashMap<>();
    for (WebElement input : form.findElements(By.tagName("input"))) {
      fields.put(input.getAttribute("name"), input.getAttribute("value"));
    }
    return fields;
  }

  static void type(String id, String text) {
    browser.driver().findElement(By.id(id)).sendKeys(text);
  }

  static HttpResponse<String> post(String token, Map<String, String> form) throws Exception {
    return postTo(stack.url(token), form);
  }

  static HttpResponse<String> postTo(String url, Map<String, String> form) throws Exception {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
