package org.pathway.portal.flow;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.pathway.access.links.LinkPurpose;
import org.pathway.portal.adapter.AdapterClient;
import org.pathway.portal.adapter.AdapterException;
import org.pathway.portal.link.LinkHint;
import org.pathway.portal.pages.Answer;
import org.pathway.portal.pages.AnswerProblem;
import org.pathway.portal.pages.Capacity;
import org.pathway.portal.pages.CascadeStep;
import org.pathway.portal.pages.Outgoing;
import org.pathway.portal.pages.PageActions;
import org.pathway.portal.pages.TaskChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A posted answer: reads the link's Task, checks the answer is one its state allows, writes it
 * through the adapter with If-Match (the version the page showed, or the current one when all that
 * changed since is the notice's delivery receipt) and an X-Request-ID (the page's answer id), and
 * redirects to the page with what happened. A resubmitted form finds its answer already in the
 * ledger and is told so; nothing is written twice.
 */
public final class GiveAnswer {

  private static final Logger LOG = LoggerFactory.getLogger(GiveAnswer.class);

  private final AdapterClient adapter;
  private final Clock clock;
  private final CascadeReads cascade;

  public GiveAnswer(AdapterClient adapter, Clock clock) {
    this.adapter = adapter;
    this.clock = clock;
    this.cascade = new CascadeReads(adapter);
  }

  /** What follows the form posted on {@code token}'s page. */
  public PageResult give(String token, Map<String, String> form) {
    LinkHint hint = LinkHint.read(token);
    Answer answer;
    try {
      answer = Answer.parse(form);
    } catch (AnswerProblem p) {
      return problem(p.messageKey());
    }
    Task current;
    try {
      current = adapter.read(token, Task.class, hint.taskId());
    } catch (AdapterException e) {
      // Refused or gone: the page (a GET) says which, and nothing was written.
      return ShowLink.refused(e);
    }
    if (hint.purpose().isEmpty()) {
      return ShowLink.refusal(org.pathway.portal.pages.RefusalPage.NOT_FOR_THIS, 403);
    }
    LinkPurpose purpose = hint.purpose().get();
    try {
      boolean passesOn = cascade.passesOn(token, current, hint);
      if (!PageActions.allows(purpose, current.getStatus(), passesOn, answer.action())) {
        return said(
            answer.action().changesTask() && TaskChanges.shows(answer, current)
                ? "already"
                : "changed");
      }
      return switch (answer.action()) {
        case SCORE -> score(token, answer, current);
        case REFER_ON -> referOn(token, answer, current);
        case PASS_ON -> passOn(token, answer, current);
        case CAPACITY -> capacity(token, answer, hint);
        default -> changeTask(token, answer, current, purpose);
      };
    } catch (AnswerProblem p) {
      return problem(p.messageKey());
    } catch (AdapterException e) {
      return afterRefusal(token, answer, e);
    }
  }

  /**
   * Writes the answer on the Task as it stands. A write refused because the Task changed on its way
   * (412) is judged once more against the Task as it is then: a delivery receipt filed in between
   * does not undo the person's answer.
   */
  private PageResult changeTask(String token, Answer answer, Task current, LinkPurpose purpose)
      throws AnswerProblem, AdapterException {
    Task base = current;
    for (int attempt = 1; ; attempt++) {
      int now = Integer.parseInt(base.getMeta().getVersionId());
      if (answer.version() != now) {
        if (appliedAfter(token, answer, base)) {
          return said("already");
        }
        if (!onlyDeliveredSince(token, answer, base)) {
          return said("changed");
        }
      }
      Task next =
          TaskChanges.apply(answer, base, purpose, LocalDate.now(clock.withZone(ShowLink.ZONE)));
      try {
        adapter.update(token, next, now, answer.requestId());
        return said("recorded");
      } catch (AdapterException e) {
        if (e.kind() != AdapterException.Kind.CHANGED || attempt == 2) {
          throw e;
        }
        base = adapter.read(token, Task.class, base.getIdElement().getIdPart());
      }
    }
  }

  private PageResult score(String token, Answer answer, Task task)
      throws AnswerProblem, AdapterException {
    adapter.create(token, Outgoing.score(answer, task, clock.instant()), answer.requestId());
    return said("recorded");
  }

  private PageResult referOn(String token, Answer answer, Task task)
      throws AnswerProblem, AdapterException {
    String id = answer.field("service");
    if (!id.matches("[A-Za-z0-9\\-.]{1,64}")) {
      throw new AnswerProblem("problem.service");
    }
    HealthcareService group;
    try {
      group = adapter.read(token, HealthcareService.class, id);
    } catch (AdapterException e) {
      if (e.kind() == AdapterException.Kind.NOT_FOUND) {
        throw new AnswerProblem("problem.service");
      }
      throw e;
    }
    if (!Capacity.of(group).takesReferrals()) {
      throw new AnswerProblem("problem.service-full");
    }
    adapter.create(token, Outgoing.onward(task, group, answer.requestId()), answer.requestId());
    return said("referred");
  }

  private PageResult passOn(String token, Answer answer, Task task)
      throws AnswerProblem, AdapterException {
    String id = answer.field("service");
    if (!id.matches("[A-Za-z0-9\\-.]{1,64}")) {
      throw new AnswerProblem("problem.service");
    }
    HealthcareService to;
    try {
      to = adapter.read(token, HealthcareService.class, id);
    } catch (AdapterException e) {
      if (e.kind() == AdapterException.Kind.NOT_FOUND) {
        throw new AnswerProblem("problem.service");
      }
      throw e;
    }
    if (!CascadeStep.mayReceive(to, task)) {
      throw new AnswerProblem(
          Capacity.of(to).takesReferrals() ? "problem.service" : "problem.service-full");
    }
    ServiceRequest held;
    try {
      held =
          adapter.read(
              token, ServiceRequest.class, task.getFocus().getReferenceElement().getIdPart());
    } catch (AdapterException e) {
      // The request's words are a courtesy to the next holder; the receiver's name stands in.
      held = null;
    }
    adapter.create(
        token, Outgoing.passedOn(task, held, to, answer.requestId()), answer.requestId());
    return said("passed-on");
  }

  private PageResult capacity(String token, Answer answer, LinkHint hint)
      throws AnswerProblem, AdapterException {
    int places = answer.number("places", 0, 999, "problem.places");
    boolean waitlist =
        switch (answer.field("waitlist")) {
          case "open" -> true;
          case "closed" -> false;
          default -> throw new AnswerProblem("problem.waitlist");
        };
    // The link's recipient reports its own capacity: its directory entry has its id.
    String groupId = hint.recipient();
    if (groupId.isEmpty()) {
      throw new AnswerProblem("problem.form");
    }
    HealthcareService group = adapter.read(token, HealthcareService.class, groupId);
    int version =
        group.getMeta().hasVersionId() ? Integer.parseInt(group.getMeta().getVersionId()) : 1;
    adapter.update(
        token, Capacity.reported(places, waitlist).applyTo(group), version, answer.requestId());
    return said("capacity-recorded");
  }

  /**
   * What to tell the person when a write was refused: their answer is already there (a replay),
   * someone else changed the Task first, or the ledger said no.
   */
  private PageResult afterRefusal(String token, Answer answer, AdapterException e) {
    switch (e.kind()) {
      case DUPLICATE:
        return said("already");
      case CHANGED:
        try {
          Task current = adapter.read(token, Task.class, LinkHint.read(token).taskId());
          return said(
              answer.action().changesTask() && appliedAfter(token, answer, current)
                  ? "already"
                  : "changed");
        } catch (AdapterException again) {
          return ShowLink.refused(again);
        }
      case LINK_REFUSED, NOT_FOUND:
        return ShowLink.refused(e);
      case UNAVAILABLE:
        // The person is only asked to try later; the log keeps what the adapter said (its
        // status and OperationOutcome) so that the refusal can be traced.
        LOG.warn("could not record a {} answer: {}", answer.action().code(), e.getMessage());
        return problem("problem.unavailable");
      default:
        LOG.info("the adapter refused a {} answer: {}", answer.action().code(), e.getMessage());
        return problem("problem.refused");
    }
  }

  /**
   * Whether the version written right after the one the person answered shows their answer: then
   * this is the same form submitted again, and its first submission is what that version holds.
   */
  private boolean appliedAfter(String token, Answer answer, Task current) {
    int next = answer.version() + 1;
    int now = Integer.parseInt(current.getMeta().getVersionId());
    if (next > now) {
      return false;
    }
    try {
      Task after =
          next == now
              ? current
              : adapter.readVersion(token, Task.class, current.getIdElement().getIdPart(), next);
      return TaskChanges.shows(answer, after);
    } catch (AdapterException e) {
      return TaskChanges.shows(answer, current);
    }
  }

  /** Whether the only change since the version the person answered is its delivery receipt. */
  private boolean onlyDeliveredSince(String token, Answer answer, Task current) {
    try {
      Task shown =
          adapter.readVersion(
              token, Task.class, current.getIdElement().getIdPart(), answer.version());
      return TaskChanges.onlyDeliveredSince(shown, current);
    } catch (AdapterException e) {
      return false;
    }
  }

  private static PageResult said(String notice) {
    return new PageResult.Redirect("said=" + notice);
  }

  private static PageResult problem(String key) {
    return new PageResult.Redirect("problem=" + key);
  }
}
