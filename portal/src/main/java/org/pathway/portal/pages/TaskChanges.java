package org.pathway.portal.pages;

import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.access.links.LinkPurpose;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.DeclineReasons;
import org.pathway.events.vocabulary.DeclineReasons.DeclinedBy;
import org.pathway.events.vocabulary.DeclineReasons.Reason;

/**
 * How an answer becomes the next version of the link's Task: a pure function, the Task as the
 * adapter showed it in, the Task to PUT out. Everything else the Task holds is sent back as it was
 * read, so the ledger's own rules ({@code TaskChangeCheck}) see only the answer's change.
 */
public final class TaskChanges {

  /** Business status of a group Task whose person is on the group's waitlist. */
  public static final String WAITLISTED = "waitlisted";

  /** Business status the ledger sets when a Task's first notice reached its recipient. */
  static final String DELIVERED = "delivered";

  /** Task.output type of one session's attendance (value: the session's date). */
  public static final String SESSION_OUTPUT = "session";

  /** Task.output type of a group saying the person has finished (value: the date). */
  public static final String FINISHED_OUTPUT = "finished-group";

  private TaskChanges() {}

  /** Who gives a decline reason, for the party a link's purpose makes the person. */
  public static DeclinedBy declinedBy(LinkPurpose purpose) {
    return purpose == LinkPurpose.LINK_WORKER ? DeclinedBy.LINK_WORKER : DeclinedBy.GROUP;
  }

  /** The decline reasons a page offers a person with this purpose, in the ValueSet's order. */
  public static List<Reason> reasons(LinkPurpose purpose) {
    DeclinedBy party = declinedBy(purpose);
    return DeclineReasons.all().stream().filter(r -> r.givenBy(party)).toList();
  }

  /**
   * The Task to PUT for {@code answer}, from {@code current}.
   *
   * @param today the date the person answered on (attendance and finishing default to it)
   * @throws AnswerProblem a field the answer needs is missing or not one offered
   */
  public static Task apply(Answer answer, Task current, LinkPurpose purpose, LocalDate today)
      throws AnswerProblem {
    Task next = current.copy();
    switch (answer.action()) {
      case ACCEPT -> {
        next.setStatus(TaskStatus.ACCEPTED);
        if (hasBusinessStatus(current, WAITLISTED)) {
          // Off the waitlist: the place offered is the news, not the wait.
          next.setBusinessStatus(null);
        }
      }
      case DECLINE -> {
        Reason reason = reason(answer.field("reason"), purpose);
        next.setStatus(TaskStatus.REJECTED);
        next.setStatusReason(
            new CodeableConcept(new Coding(reason.system(), reason.code(), reason.display())));
      }
      case CONTACT_ATTEMPT -> next.setBusinessStatus(businessStatus("contact-attempted"));
      case FIRST_CONVERSATION -> {
        next.setStatus(TaskStatus.INPROGRESS);
        next.setBusinessStatus(businessStatus("first-conversation-held"));
      }
      case WAITLIST -> {
        next.setStatus(TaskStatus.ONHOLD);
        next.setBusinessStatus(businessStatus(WAITLISTED));
      }
      case ATTENDANCE -> {
        LocalDate session = answer.date("date", "problem.date");
        if (session.isAfter(today)) {
          throw new AnswerProblem("problem.date-future");
        }
        String attended =
            switch (answer.field("attended")) {
              case "yes" -> "session-attended";
              case "no" -> "did-not-attend";
              default -> throw new AnswerProblem("problem.attended");
            };
        next.setStatus(TaskStatus.INPROGRESS);
        next.setBusinessStatus(businessStatus(attended));
        // One output per version: this session. The versions together are the attendance record.
        next.getOutput().clear();
        next.addOutput()
            .setType(outputType(SESSION_OUTPUT, "Session"))
            .setValue(new DateType(session.toString()));
      }
      case FINISH -> {
        next.setStatus(TaskStatus.COMPLETED);
        next.getOutput().clear();
        next.addOutput()
            .setType(outputType(FINISHED_OUTPUT, "Finished with the group"))
            .setValue(new DateType(today.toString()));
      }
      default -> throw new IllegalArgumentException(answer.action() + " does not change the Task");
    }
    return next;
  }

  /**
   * Whether {@code version} of the Task already shows {@code answer}: a resubmitted form whose
   * first submission was applied, so the person is told it is recorded rather than asked again.
   */
  public static boolean shows(Answer answer, Task version) {
    TaskStatus status = version.getStatus();
    return switch (answer.action()) {
      case ACCEPT ->
          status == TaskStatus.ACCEPTED
              || status == TaskStatus.INPROGRESS
              || status == TaskStatus.COMPLETED;
      case DECLINE -> status == TaskStatus.REJECTED;
      case CONTACT_ATTEMPT -> hasBusinessStatus(version, "contact-attempted");
      case FIRST_CONVERSATION -> hasBusinessStatus(version, "first-conversation-held");
      case WAITLIST -> status == TaskStatus.ONHOLD && hasBusinessStatus(version, WAITLISTED);
      case ATTENDANCE ->
          hasBusinessStatus(
              version,
              "yes".equals(answer.field("attended")) ? "session-attended" : "did-not-attend");
      case FINISH -> status == TaskStatus.COMPLETED;
      default -> false;
    };
  }

  /**
   * Whether {@code now} differs from {@code shown}, the version the person's page showed, only by
   * the platform's record that their notice was delivered ({@code delivered} set on a Task that had
   * no business status). A notice is often opened before its receipt is filed; that bookkeeping is
   * no one's decision, so an answer given on the page still stands. Any other change is someone
   * else's, and the person is asked to look again.
   */
  public static boolean onlyDeliveredSince(Task shown, Task now) {
    if (shown.hasBusinessStatus() || !hasBusinessStatus(now, DELIVERED)) {
      return false;
    }
    Task before = withoutBookkeeping(shown);
    Task after = withoutBookkeeping(now);
    after.setBusinessStatus(null);
    return before.equalsDeep(after);
  }

  /** The Task less what the ledger stamps on every version (its version id, times). */
  private static Task withoutBookkeeping(Task task) {
    Task copy = task.copy();
    copy.setIdElement(task.getIdElement().toUnqualifiedVersionless());
    copy.setMeta(null);
    copy.setLastModified(null);
    copy.setText(null);
    return copy;
  }

  private static Reason reason(String value, LinkPurpose purpose) throws AnswerProblem {
    // The select's value is system|code, so a SNOMED CT code and a Pathway code never collide.
    int bar = value.lastIndexOf('|');
    if (bar < 0) {
      throw new AnswerProblem("problem.reason");
    }
    return DeclineReasons.find(value.substring(0, bar), value.substring(bar + 1))
        .filter(r -> r.givenBy(declinedBy(purpose)))
        .orElseThrow(() -> new AnswerProblem("problem.reason"));
  }

  /** The select value of a reason. */
  public static String reasonValue(Reason reason) {
    return reason.system() + "|" + reason.code();
  }

  static boolean hasBusinessStatus(Task task, String code) {
    return task.getBusinessStatus().getCoding().stream()
        .anyMatch(
            c ->
                CodeSystems.TASK_BUSINESS_STATUS.equals(c.getSystem()) && code.equals(c.getCode()));
  }

  private static CodeableConcept businessStatus(String code) {
    return new CodeableConcept(new Coding(CodeSystems.TASK_BUSINESS_STATUS, code, null));
  }

  private static CodeableConcept outputType(String code, String display) {
    return new CodeableConcept(new Coding(CodeSystems.TASK_OUTPUT_TYPE, code, display));
  }
}
