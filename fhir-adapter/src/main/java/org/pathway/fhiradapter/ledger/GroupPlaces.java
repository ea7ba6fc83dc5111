package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.directory.Capacity;
import org.pathway.directory.Directory;
import org.pathway.directory.DirectoryEntry;
import org.pathway.directory.ServiceKind;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.DeclineReasons;
import org.pathway.events.vocabulary.Extensions;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.ReferralReader;
import org.pathway.fhiradapter.ledger.LedgerRefusedException.Reason;
import org.pathway.fhiradapter.ledger.store.CapacityRows;
import org.pathway.fhiradapter.ledger.store.PlaceRows;
import org.pathway.fhiradapter.ledger.store.TaskRows;
import org.pathway.fhiradapter.sla.SlaStep;
import org.pathway.fhiradapter.sla.StepDueTimes;

/**
 * Applies what {@link Places} decides to a community group's count, in the caller's transaction and
 * under the group's lock: the places row (a new {@code HealthcareService} version announced as
 * {@code GroupCapacityReported}), the Tasks holding places, the waitlist, and the Tasks the change
 * touches besides its own (the next person offered a freed place, those who moved up).
 */
@Singleton
public class GroupPlaces {

  /** The business status of a Task on its group's waitlist. */
  public static final String WAITLISTED = "waitlisted";

  /** The business status of a Task whose person was offered a place from the waitlist. */
  public static final String PLACE_OFFERED = "place-offered";

  /**
   * How a new onward referral starts.
   *
   * @param position its waitlist position when waitlisted, else null
   * @param capacity the group's capacity as counted (unknown for a Task to no counted group)
   */
  public record Started(Places.Start start, Integer position, CapacityStatus capacity) {}

  /** Another Task a change touched, locked, with the version to save without counting again. */
  public record Followup(Task before, Task after) {}

  private final Directory directory;
  private final CapacityRows capacities;
  private final PlaceRows places;
  private final TaskRows tasks;
  private final OutboxWriter outbox;
  private final StepDueTimes dueTimes;

  public GroupPlaces(
      Directory directory,
      CapacityRows capacities,
      PlaceRows places,
      TaskRows tasks,
      OutboxWriter outbox,
      StepDueTimes dueTimes) {
    this.directory = directory;
    this.capacities = capacities;
    this.places = places;
    this.tasks = tasks;
    this.outbox = outbox;
    this.dueTimes = dueTimes;
  }

  /**
   * Decides how an onward referral's new Task to the owner {@code ownerRef} starts, putting it on
   * the group's waitlist when that is where it goes, and shapes {@code task} accordingly (on-hold
   * waitlisted with its position, or rejected for no capacity; neither has a due time).
   */
  public Started start(LedgerTx tx, String ownerRef, Task task, OffsetDateTime at)
      throws SQLException {
    Optional<String> group = group(ownerRef);
    if (group.isEmpty()) {
      return new Started(Places.Start.REQUESTED, null, CapacityStatus.UNKNOWN);
    }
    // A new Task reads the count and changes it for nobody (a place is taken at accept), so the
    // onward referrals to one group share its lock and are written side by side; an accept or a
    // report, which change the count, wait for them and they for it.
    places.shareGroup(tx, group.get());
    Places.Count count = count(tx, group.get()).count();
    Places.Start start = Places.onCreate(count);
    Integer position = null;
    switch (start) {
      case WAITLISTED -> {
        position = places.join(tx, group.get(), task.getIdElement().getIdPart(), at);
        waitlist(task, position);
      }
      case REFUSED -> refuse(task);
      case REQUESTED -> {
        // asked to take the person; a place is taken when they accept
      }
    }
    return new Started(start, position, status(count));
  }

  /**
   * Applies moving {@code before} to {@code after} (a group's Task, whose row the caller holds) to
   * the group's count. May change {@code after}: an accept with no place left at a group with a
   * waitlist puts the person on it instead.
   *
   * @return the other Tasks this change touched, to be saved after this one
   * @throws LedgerRefusedException (state conflict) an accept with no place left and nowhere to
   *     wait
   */
  public List<Followup> apply(
      LedgerTx tx, Task before, Task after, RequestContext ctx, OffsetDateTime at)
      throws SQLException {
    Optional<String> group = before.hasPartOf() ? group(ownerOf(before)) : Optional.empty();
    if (group.isEmpty()
        || Places.movesNothing(
            before.getStatus(),
            hasBusinessStatus(before, WAITLISTED),
            after.getStatus(),
            hasBusinessStatus(after, WAITLISTED))) {
      return List.of();
    }
    String groupId = group.get();
    String taskId = before.getIdElement().getIdPart();
    places.lockGroup(tx, groupId);
    PlaceRows.Held held = places.standing(tx, groupId, taskId);
    Counted counted = count(tx, groupId);
    Places.Count count = counted.count();
    Places.Move move =
        Places.onChange(
            new Places.Standing(held.holdsPlace(), held.position() != null),
            after.getStatus(),
            hasBusinessStatus(after, WAITLISTED),
            count);
    List<Followup> followups = new ArrayList<>();
    switch (move) {
      case NONE -> {
        return List.of();
      }
      case TAKE_PLACE -> {
        if (places.leave(tx, taskId)) {
          after.getExtension().removeIf(e -> Extensions.WAITLIST_POSITION.equals(e.getUrl()));
          followups.addAll(movedUp(tx, groupId));
        }
        if (count.known()) {
          places.take(tx, groupId, taskId, at);
          record(tx, groupId, counted, count.plus(-1), taskId, ctx, at);
        }
      }
      case FREE_PLACE -> {
        places.free(tx, taskId);
        Places.Count freed = count.plus(1);
        List<String> waiting = places.waiting(tx, groupId);
        int offers = Places.offers(freed, waiting.size());
        for (String next : waiting.subList(0, offers)) {
          followups.add(offer(tx, groupId, next, at));
        }
        if (offers > 0) {
          followups.addAll(movedUp(tx, groupId));
        }
        record(tx, groupId, counted, freed.plus(-offers), taskId, ctx, at);
      }
      case JOIN_WAITLIST, WAITLIST_INSTEAD -> {
        after.setStatus(TaskStatus.ONHOLD);
        after.setBusinessStatus(TaskCodes.businessStatus(WAITLISTED));
        waitlist(after, places.join(tx, groupId, taskId, at));
      }
      case LEAVE_WAITLIST -> {
        places.leave(tx, taskId);
        after.getExtension().removeIf(e -> Extensions.WAITLIST_POSITION.equals(e.getUrl()));
        followups.addAll(movedUp(tx, groupId));
      }
      case NO_PLACE ->
          throw new LedgerRefusedException(
              Reason.STATE_CONFLICT,
              new Issue(
                  IssueType.BUSINESSRULE,
                  "Task.status",
                  held.position() != null
                      ? "no place has come up yet at "
                          + groupId
                          + "; the person is number "
                          + held.position()
                          + " on its waitlist"
                      : groupId + " has no place left and keeps no waitlist"));
    }
    return followups;
  }

  /**
   * Takes {@code groupId}'s lock: a group's own report waits for counted changes, and they for it.
   */
  public void lock(LedgerTx tx, String groupId) throws SQLException {
    places.lockGroup(tx, groupId);
  }

  /**
   * After a group reported {@code report} (already written as its latest version): the places it
   * says it has go to the first people waiting, one each, and the count left is recorded.
   *
   * @return the Tasks offered a place and those who moved up, to be saved
   */
  public List<Followup> afterReport(
      LedgerTx tx, String groupId, Capacity report, RequestContext ctx, OffsetDateTime at)
      throws SQLException {
    Counted counted = count(tx, groupId);
    List<String> waiting = places.waiting(tx, groupId);
    int offers = Places.offers(counted.count(), waiting.size());
    if (offers == 0) {
      return List.of();
    }
    List<Followup> followups = new ArrayList<>();
    for (String next : waiting.subList(0, offers)) {
      followups.add(offer(tx, groupId, next, at));
    }
    followups.addAll(movedUp(tx, groupId));
    record(tx, groupId, counted, counted.count().plus(-offers), waiting.get(0), ctx, at);
    return followups;
  }

  /** The group the owner token names, when it is a community group in the directory. */
  private Optional<String> group(String ownerRef) {
    String org = Parties.organizationOf(ownerRef);
    if (org == null) {
      return Optional.empty();
    }
    return directory
        .byId(org)
        .filter(e -> e.kind() == ServiceKind.COMMUNITY_GROUP)
        .map(DirectoryEntry::id);
  }

  private static String ownerOf(Task task) {
    return task.hasOwner() ? ReferralReader.tokenOf(task.getOwner()) : null;
  }

  /** A group's count now: its latest report or counted change, else the feed's. */
  private record Counted(Places.Count count, int version) {}

  private Counted count(LedgerTx tx, String groupId) throws SQLException {
    Capacity latest = capacities.latest(tx, List.of(groupId)).get(groupId);
    Capacity capacity =
        latest != null
            ? latest
            : directory.byId(groupId).map(DirectoryEntry::capacityDetail).orElse(Capacity.UNKNOWN);
    boolean waitlist =
        Boolean.TRUE.equals(capacity.waitlistOpen())
            || capacity.status() == CapacityStatus.NO_CAPACITY_HAS_WAITLIST;
    Integer placesLeft = capacity.placesLeft();
    if (placesLeft == null && capacity.status() != CapacityStatus.UNKNOWN) {
      // A status without a number: full means none left; "capacity" alone is not counted.
      placesLeft = capacity.status() == CapacityStatus.CAPACITY ? null : 0;
    }
    return new Counted(new Places.Count(placesLeft, waitlist), DirectoryReads.version(latest));
  }

  private static CapacityStatus status(Places.Count count) {
    if (!count.known()) {
      return CapacityStatus.UNKNOWN;
    }
    return Capacity.statusOf(count.placesLeft(), count.waitlistOpen());
  }

  /** Writes the group's new count as its next version and announces it to the router. */
  private void record(
      LedgerTx tx,
      String groupId,
      Counted before,
      Places.Count after,
      String taskId,
      RequestContext ctx,
      OffsetDateTime at)
      throws SQLException {
    if (!after.known()) {
      return;
    }
    Capacity row =
        new Capacity(
            status(after),
            after.placesLeft(),
            after.waitlistOpen(),
            at.toInstant(),
            before.version() + 1);
    if (!capacities.insertCounted(tx, groupId, row, taskId, ctx)) {
      throw new IllegalStateException("HealthcareService/" + groupId + " version taken under lock");
    }
    int waiting = places.waiting(tx, groupId).size();
    outbox.appendCapacity(
        tx,
        groupId,
        row,
        ctx,
        at,
        event -> event.setCountedForTaskId(taskId).setWaitlistLength(waiting));
  }

  /**
   * Offers the place to the waiting Task {@code taskId}: it holds the place from now (so nobody
   * arriving later takes it first), leaves the waitlist, and is requested again with a fresh due
   * time, so the group is asked to take the person.
   */
  private Followup offer(LedgerTx tx, String groupId, String taskId, OffsetDateTime at)
      throws SQLException {
    Task waiting = tasks.lock(tx, taskId).orElseThrow();
    places.leave(tx, taskId);
    places.take(tx, groupId, taskId, at);
    Task offered = waiting.copy();
    offered.setStatus(TaskStatus.REQUESTED);
    offered.setBusinessStatus(TaskCodes.businessStatus(PLACE_OFFERED));
    offered.getExtension().removeIf(e -> Extensions.WAITLIST_POSITION.equals(e.getUrl()));
    offered
        .getRestriction()
        .setPeriod(
            new Period()
                .setEnd(
                    Date.from(
                        dueTimes
                            .dueAt(SlaStep.ACCEPT, waiting.getOwner(), at.toInstant())
                            .truncatedTo(ChronoUnit.SECONDS))));
    return new Followup(waiting, offered);
  }

  /** The waiting Tasks whose position is no longer the one they show, with the one they have. */
  private List<Followup> movedUp(LedgerTx tx, String groupId) throws SQLException {
    List<Followup> moved = new ArrayList<>();
    List<String> waiting = places.waiting(tx, groupId);
    for (int i = 0; i < waiting.size(); i++) {
      Task task = tasks.lock(tx, waiting.get(i)).orElseThrow();
      Integer shown = position(task);
      if (shown == null || shown != i + 1) {
        Task after = task.copy();
        waitlist(after, i + 1);
        moved.add(new Followup(task, after));
      }
    }
    return moved;
  }

  /** The waitlist position {@code task} shows, or null. */
  public static Integer position(Task task) {
    var ext = task.getExtensionByUrl(Extensions.WAITLIST_POSITION);
    return ext != null && ext.getValue() instanceof PositiveIntType n ? n.getValue() : null;
  }

  /** Shapes {@code task} as waiting at {@code position}: on hold, waitlisted, no due time. */
  private static void waitlist(Task task, int position) {
    task.setStatus(TaskStatus.ONHOLD);
    task.setBusinessStatus(TaskCodes.businessStatus(WAITLISTED));
    task.getExtension().removeIf(e -> Extensions.WAITLIST_POSITION.equals(e.getUrl()));
    task.addExtension(Extensions.WAITLIST_POSITION, new PositiveIntType(position));
    // Nothing is overdue while the person waits for a place; an offer sets a new due time.
    task.setRestriction(null);
  }

  /** Shapes {@code task} as refused: rejected, no capacity, no due time. */
  private static void refuse(Task task) {
    var reason = DeclineReasons.find(CodeSystems.DECLINE_REASON, "no-capacity").orElseThrow();
    task.setStatus(TaskStatus.REJECTED);
    task.setStatusReason(
        new CodeableConcept()
            .setText("The group has no place left and keeps no waitlist")
            .addCoding(
                new org.hl7.fhir.r4.model.Coding()
                    .setSystem(reason.system())
                    .setCode(reason.code())
                    .setDisplay(reason.display())));
    task.setRestriction(null);
  }

  private static boolean hasBusinessStatus(Task task, String code) {
    return task.getBusinessStatus().getCoding().stream()
        .anyMatch(
            c ->
                CodeSystems.TASK_BUSINESS_STATUS.equals(c.getSystem()) && code.equals(c.getCode()));
  }
}
