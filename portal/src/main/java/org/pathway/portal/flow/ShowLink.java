package org.pathway.portal.flow;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.pathway.access.links.LinkPurpose;
import org.pathway.portal.adapter.AdapterClient;
import org.pathway.portal.adapter.AdapterException;
import org.pathway.portal.link.LinkHint;
import org.pathway.portal.pages.Action;
import org.pathway.portal.pages.Answer;
import org.pathway.portal.pages.Capacity;
import org.pathway.portal.pages.Outgoing;
import org.pathway.portal.pages.PageActions;
import org.pathway.portal.pages.RefusalPage;
import org.pathway.portal.pages.StatusSince;
import org.pathway.portal.pages.TaskChanges;
import org.pathway.portal.pages.Timeline;
import org.pathway.portal.pages.WaitlistPositions;

/**
 * Opening a link: reads the link's Task (and, for a link worker, its ServiceRequest and the groups
 * to refer on to) through the adapter, then builds the page: what the person may see, where the
 * referral stands, and a form per answer the Task's state allows.
 */
public final class ShowLink {

  /** Notices a redirect may ask the page to show (anything else is ignored). */
  static final Set<String> NOTICES =
      Set.of("recorded", "already", "changed", "referred", "passed-on", "capacity-recorded");

  static final ZoneId ZONE = ZoneId.of("Europe/London");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy");
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm");

  private final AdapterClient adapter;
  private final CascadeReads cascade;

  public ShowLink(AdapterClient adapter) {
    this.adapter = adapter;
    this.cascade = new CascadeReads(adapter);
  }

  /**
   * The page for {@code token}, with the notice or problem a redirect named.
   *
   * @param said a notice key from a redirect, or null
   * @param problem a problem key from a redirect, or null
   */
  public PageResult show(String token, String said, String problem, Locale locale) {
    LinkHint hint = LinkHint.read(token);
    if (hint.purpose().equals(java.util.Optional.of(LinkPurpose.REFERRAL_STATUS))) {
      // A person's status link opens their status page (/referral-status/), never a Task page.
      return refusal(RefusalPage.NOT_FOR_THIS, 403);
    }
    Task task;
    try {
      task = adapter.read(token, Task.class, hint.taskId());
    } catch (AdapterException e) {
      return refused(e);
    }
    if (hint.purpose().isEmpty()) {
      // The adapter honoured a link whose purpose the portal does not know: no page to offer.
      return refusal(RefusalPage.NOT_FOR_THIS, 403);
    }
    LinkPurpose purpose = hint.purpose().get();
    Map<String, Object> model = new HashMap<>();
    model.put("purpose", purpose.code());
    model.put("postUrl", "/l/" + token);
    List<Fact> facts = facts(token, task, purpose, locale);
    // Whoever holds the request now, once it has been passed on below this Task (the roll-up).
    cascade.heldBy(token, task).ifPresent(name -> add(facts, "fact.held-now", name));
    model.put("facts", facts);
    model.put("statusKey", "status." + task.getStatus().toCode());
    model.put("statusDate", day(since(token, task), locale));
    model.put("reasonKey", reasonKey(task.getStatusReason()));
    model.put("said", said != null && NOTICES.contains(said) ? "notice." + said : null);
    model.put(
        "problem", problem != null && problem.matches("problem\\.[a-z-]{1,40}") ? problem : null);
    int version = Integer.parseInt(task.getMeta().getVersionId());
    model.put("version", version);
    List<Action> offered =
        PageActions.offered(purpose, task.getStatus(), cascade.passesOn(token, task, hint));
    Map<String, String> answers = new LinkedHashMap<>();
    for (Action a : offered) {
      answers.put(a.code(), Answer.idFor(hint.linkId(), hint.taskId(), version, a));
    }
    model.put("answers", answers);
    model.put(
        "reasons",
        TaskChanges.reasons(purpose).stream()
            .map(r -> new Option(TaskChanges.reasonValue(r), "reason." + r.code()))
            .toList());
    model.put("instruments", Outgoing.INSTRUMENT_ORDER);
    model.put("today", LocalDate.now(ZONE).toString());
    if (offered.contains(Action.REFER_ON)) {
      model.put("services", services(token, task));
    }
    if (offered.contains(Action.PASS_ON)) {
      model.put("passOn", cascade.choices(token, task));
    }
    if (purpose == LinkPurpose.LINK_WORKER) {
      model.put("timeline", timeline(token, task, hint.recipient(), locale));
    }
    return new PageResult.Page("task", 200, model);
  }

  /** When the Task's status began; its last change when the history cannot be read. */
  private Date since(String token, Task task) {
    try {
      return StatusSince.of(
          task, adapter.history(token, Task.class, task.getIdElement().getIdPart()));
    } catch (AdapterException e) {
      return task.getMeta().getLastUpdated();
    }
  }

  /**
   * What has happened to the referral, oldest first, from the Task's Provenance and the messages
   * about it; empty (the section says so) when the adapter cannot answer.
   */
  private List<TimelineRow> timeline(String token, Task task, String recipient, Locale locale) {
    String ref = "Task/" + task.getIdElement().getIdPart();
    try {
      List<Provenance> changes = adapter.search(token, Provenance.class, "target=" + ref);
      List<Communication> messages =
          adapter.search(token, Communication.class, "part-of=" + ref + "&_sort=sent");
      return Timeline.of(task, changes, messages, recipient).stream()
          .map(
              l ->
                  new TimelineRow(
                      DAY_TIME.withLocale(locale).format(l.at().atZone(ZONE)),
                      l.whoKey(),
                      l.whoName(),
                      l.whatKey()))
          .toList();
    } catch (AdapterException e) {
      return List.of();
    }
  }

  /** The page for an adapter refusal of a read. */
  static PageResult refused(AdapterException e) {
    return switch (e.kind()) {
      case LINK_REFUSED -> refusal(RefusalPage.of(e.refusal()), 403);
      case NOT_FOUND, REFUSED ->
          refusal(RefusalPage.NOT_FOR_THIS, e.status() == 0 ? 404 : e.status());
      default -> new PageResult.Page("unavailable", 503, Map.of());
    };
  }

  static PageResult refusal(RefusalPage page, int status) {
    return new PageResult.Page("refusal", status, Map.of("refusal", page.messagePrefix()));
  }

  private List<Fact> facts(String token, Task task, LinkPurpose purpose, Locale locale) {
    List<Fact> facts = new ArrayList<>();
    if (purpose == LinkPurpose.LINK_WORKER && task.hasFocus()) {
      try {
        ServiceRequest request =
            adapter.read(
                token, ServiceRequest.class, task.getFocus().getReferenceElement().getIdPart());
        add(facts, "fact.person", request.getSubject().getDisplay());
        request.getCategory().forEach(c -> add(facts, "fact.need", text(c)));
        add(facts, "fact.referred-by", request.getRequester().getDisplay());
        add(facts, "fact.referred-on", day(request.getAuthoredOn(), locale));
        request.getReasonCode().forEach(c -> add(facts, "fact.reason", text(c)));
        request.getNote().forEach(n -> add(facts, "fact.note", n.getText()));
      } catch (AdapterException e) {
        // The Task alone still lets the person answer; the request's details are a courtesy.
        add(facts, "fact.request", "—");
      }
      try {
        // Where the people referred on from this Task wait for a place (the ledger's count).
        for (String line :
            WaitlistPositions.of(
                adapter.search(token, Task.class, "part-of=" + task.getIdElement().getIdPart()))) {
          add(facts, "fact.waitlist-position", line);
        }
      } catch (AdapterException e) {
        // The page still answers without the positions.
      }
    } else {
      add(facts, "fact.activity", task.getOwner().getDisplay());
      add(facts, "fact.referred-by", task.getRequester().getDisplay());
    }
    add(facts, "fact.received", day(task.getAuthoredOn(), locale));
    if (task.getRestriction().getPeriod().hasEnd()) {
      add(facts, "fact.answer-by", day(task.getRestriction().getPeriod().getEnd(), locale));
    }
    return facts;
  }

  private List<ServiceChoice> services(String token, Task task) {
    String own = task.getOwner().getReferenceElement().getIdPart();
    try {
      List<ServiceChoice> choices = new ArrayList<>();
      for (HealthcareService s : adapter.search(token, HealthcareService.class, "_count=100")) {
        Capacity capacity = Capacity.of(s);
        String id = s.getIdElement().getIdPart();
        if (capacity.takesReferrals() && !id.equals(own) && (!s.hasActive() || s.getActive())) {
          choices.add(
              new ServiceChoice(
                  id,
                  s.getName(),
                  "capacity." + capacity.status(),
                  capacity.placesLeft().orElse(-1)));
        }
      }
      return choices;
    } catch (AdapterException e) {
      return List.of();
    }
  }

  private static String reasonKey(CodeableConcept reason) {
    return reason.getCoding().stream()
        .filter(c -> c.hasCode())
        .findFirst()
        .map(c -> "reason." + c.getCode())
        .orElse(null);
  }

  private static void add(List<Fact> facts, String key, String value) {
    if (value != null && !value.isBlank()) {
      facts.add(new Fact(key, value));
    }
  }

  private static String text(CodeableConcept c) {
    if (c.hasText()) {
      return c.getText();
    }
    return c.getCoding().stream()
        .filter(x -> x.hasDisplay())
        .map(x -> x.getDisplay())
        .findFirst()
        .orElse(null);
  }

  static String day(Date date, Locale locale) {
    return date == null ? null : DAY.withLocale(locale).format(date.toInstant().atZone(ZONE));
  }
}
