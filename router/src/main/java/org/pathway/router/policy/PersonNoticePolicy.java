package org.pathway.router.policy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pathway.directory.Directory;
import org.pathway.directory.DirectoryEntry;
import org.pathway.directory.ServiceKind;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.notifications.NotificationTemplate;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.PersonContact;
import org.pathway.router.decision.RouterOutput;

/**
 * The person referred hears their next steps, only when they consented and by the channel they
 * prefer: when a link-worker service accepts their referral (who will contact them and how soon),
 * and when a group accepts them (which group, and where it meets when the directory says). Never
 * clinical detail, reasons, the NHS number or a link. A person who may not be told is simply not
 * told: that is their choice, not a gap to report.
 */
public final class PersonNoticePolicy {

  /** Purpose of the notices this policy makes, keeping their ids apart from other policies'. */
  public static final String RULE = "person-notice";

  /**
   * @param enabled whether the person is told anything
   * @param contactWithin how soon an accepting link-worker service will contact the person
   */
  public record Settings(boolean enabled, Duration contactWithin) {}

  private final Settings settings;
  private final Directory directory;
  private final EventFactory events;

  public PersonNoticePolicy(Settings settings, Directory directory, EventFactory events) {
    this.settings = settings;
    this.directory = directory;
    this.events = events;
  }

  /**
   * @param person how the person may be told; empty when they did not consent, prefer a call or a
   *     letter, or the router never saw the referral
   */
  public RouterOutput decide(TaskStatusChanged change, Optional<PersonContact> person) {
    if (!settings.enabled()
        || person.isEmpty()
        || change.getStatus() != TaskStatus.ACCEPTED
        || change.getPreviousStatus() == TaskStatus.ACCEPTED
        || change.getOwner() == null) {
      return RouterOutput.none();
    }
    Optional<DirectoryEntry> owner = directory.byReference(change.getOwner().getReference());
    boolean group =
        owner
            .map(e -> e.kind() == ServiceKind.COMMUNITY_GROUP)
            .orElse(change.getOwner().getKind() == ActorKind.COMMUNITY_GROUP);
    String ownerName = owner.map(DirectoryEntry::name).orElse(change.getOwner().getDisplay());
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("personFirstName", person.get().givenName());
    fields.put("taskId", change.getTaskId());
    if (change.getParentTaskId() == null && !group) {
      fields.put("linkWorkerService", ownerName);
      fields.put("contactWithin", within(settings.contactWithin()));
      return told(change, person.get(), NotificationTemplates.PERSON_NEXT_STEPS, fields);
    }
    if (change.getParentTaskId() != null && group) {
      fields.put("groupName", ownerName);
      fields.put("groupWhere", owner.map(PersonNoticePolicy::where).orElse(null));
      return told(change, person.get(), NotificationTemplates.PERSON_GROUP_PLACE, fields);
    }
    return RouterOutput.none();
  }

  private RouterOutput told(
      TaskStatusChanged change,
      PersonContact person,
      NotificationTemplate template,
      Map<String, String> fields) {
    return new RouterOutput(
        List.of(),
        List.of(
            events.personNotification(
                change.getEnvelope(), RULE, change.getTaskId(), template, person, fields)));
  }

  /** Where the group meets, as the directory names its places; null when it says nothing. */
  static String where(DirectoryEntry group) {
    return group.areas().isEmpty() ? null : String.join(", ", group.areas());
  }

  /** A duration as a person reads a promise: "within 5 days", "within 2 hours". */
  static String within(Duration d) {
    long days = d.toDays();
    if (days >= 1 && d.equals(Duration.ofDays(days))) {
      return "within " + days + (days == 1 ? " day" : " days");
    }
    long hours = Math.max(1, (d.toMinutes() + 59) / 60);
    return "within " + hours + (hours == 1 ? " hour" : " hours");
  }
}
