package org.pathway.fhiradapter.http;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Task;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.Outcomes;
import org.pathway.fhiradapter.ledger.LedgerReads;
import org.pathway.fhiradapter.ledger.SearchPage;
import org.pathway.fhiradapter.ledger.TaskQuery;
import org.pathway.fhiradapter.ledger.TaskStatuses;
import org.pathway.fhiradapter.ledger.TaskUpdates;

/**
 * The Task API: read, vread, {@code _history}, search, and update guarded by If-Match and the Task
 * state machine. Every answer is what the caller may see: another tenant's Task is not found, a
 * search finds only the caller's own.
 */
@Singleton
public class TaskProvider implements IResourceProvider {

  private static final int DEFAULT_COUNT = 100;
  private static final int MAX_COUNT = 500;

  private final LedgerReads ledger;
  private final TaskUpdates updates;
  private final ProfileCheck profiles;

  public TaskProvider(LedgerReads ledger, TaskUpdates updates, ProfileCheck profiles) {
    this.ledger = ledger;
    this.updates = updates;
    this.profiles = profiles;
  }

  @Override
  public Class<Task> getResourceType() {
    return Task.class;
  }

  @Read(version = true)
  public Task read(@IdParam IdType id, HttpServletRequest req) {
    return Errors.guard(
        () -> {
          var visibility = Headers.context(req, null).visibility();
          var task =
              id.hasVersionIdPart()
                  ? ledger.readTaskVersion(
                      id.getIdPart(), parseVersion(id.getVersionIdPart()), visibility)
                  : ledger.readTask(id.getIdPart(), visibility);
          return task.orElseThrow(() -> new ResourceNotFoundException(id));
        });
  }

  @History
  public List<Task> history(@IdParam IdType id, HttpServletRequest req) {
    return Errors.guard(
        () -> {
          List<Task> versions =
              ledger.taskHistory(id.getIdPart(), Headers.context(req, null).visibility());
          if (versions.isEmpty()) {
            throw new ResourceNotFoundException(id);
          }
          return versions;
        });
  }

  /**
   * The search, a page at a time: {@code _count} Tasks (100 unless asked, at most 500), oldest
   * change first, {@code total} every match, and a {@code next} link while more follow. The link
   * carries where this page ended ({@link PageTokens}), not an offset: a Task accepted, changed or
   * gone while a client pages through a work queue moves no other Task past it. {@code _include}
   * adds each Task's referral and person where the caller may read them ({@link TaskIncludes}).
   */
  @Search
  public Bundle search(
      @OptionalParam(name = "_id") TokenOrListParam id,
      @OptionalParam(name = Task.SP_REQUESTER) ReferenceParam requester,
      @OptionalParam(name = Task.SP_OWNER) ReferenceParam owner,
      @OptionalParam(name = Task.SP_SUBJECT) ReferenceParam subject,
      @OptionalParam(name = Task.SP_PATIENT) ReferenceParam patient,
      @OptionalParam(name = Task.SP_STATUS) TokenOrListParam status,
      @OptionalParam(name = Task.SP_FOCUS) ReferenceParam focus,
      @OptionalParam(name = Task.SP_PART_OF) ReferenceParam partOf,
      @OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
      @OptionalParam(name = PageTokens.PARAM) StringParam pageToken,
      @IncludeParam(allow = {TaskIncludes.FOCUS, TaskIncludes.PATIENT, TaskIncludes.SUBJECT})
          Set<Include> includes,
      @Sort SortSpec sort,
      @Count Integer count,
      HttpServletRequest req,
      RequestDetails request) {
    return Errors.guard(
        () -> {
          String subjectRef = token(SearchParams.plain(subject, Task.SP_SUBJECT), "Patient");
          String patientRef = token(SearchParams.plain(patient, Task.SP_PATIENT), "Patient");
          if (subjectRef != null && patientRef != null && !subjectRef.equals(patientRef)) {
            return Searchsets.of(new SearchPage<>(List.<Task>of(), null, 0), request);
          }
          var query =
              new TaskQuery(
                  id == null ? null : values(SearchParams.anyOf(id, "_id")),
                  token(SearchParams.plain(requester, Task.SP_REQUESTER), null),
                  token(SearchParams.plain(owner, Task.SP_OWNER), null),
                  subjectRef != null ? subjectRef : patientRef,
                  statuses(SearchParams.anyOrNot(status, Task.SP_STATUS)),
                  token(SearchParams.plain(focus, Task.SP_FOCUS), "ServiceRequest"),
                  partOf == null ? null : SearchParams.plain(partOf, Task.SP_PART_OF).getIdPart(),
                  lastUpdated == null || lastUpdated.getLowerBoundAsInstant() == null
                      ? null
                      : lastUpdated.getLowerBoundAsInstant().toInstant(),
                  lastUpdated == null || lastUpdated.getUpperBoundAsInstant() == null
                      ? null
                      : lastUpdated.getUpperBoundAsInstant().toInstant(),
                  pageToken == null
                      ? null
                      : PageTokens.decode(pageToken.getValue(), PageTokens.RESOURCE_IDS),
                  newestFirst(sort),
                  count == null ? DEFAULT_COUNT : Math.max(1, Math.min(count, MAX_COUNT)),
                  Headers.context(req, null).visibility());
          var page = ledger.searchTasks(query);
          return Searchsets.of(
              page,
              TaskIncludes.of(
                  includes, page.items(), Headers.caller(req), query.visibility(), ledger),
              request);
        });
  }

  @Update
  public MethodOutcome update(
      @IdParam IdType id, @ResourceParam Task task, HttpServletRequest req) {
    return Errors.guard(
        () -> {
          // HAPI puts an If-Match version on the id. Without one an update could silently undo a
          // change the caller never saw, so it is refused rather than made unconditional.
          if (!id.hasVersionIdPart()) {
            throw Errors.ifMatchRequired("Task");
          }
          profiles.check(task);
          int expected = parseVersion(id.getVersionIdPart());
          Task saved = updates.update(id.getIdPart(), expected, task, Headers.context(req, null));
          var outcome =
              new MethodOutcome(
                  new IdType("Task", id.getIdPart(), saved.getMeta().getVersionId()), false);
          outcome.setResource(saved);
          return outcome;
        });
  }

  private static int parseVersion(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("version '" + v + "' is not a number");
    }
  }

  /**
   * {@code _sort=_lastUpdated} (the default) or {@code -_lastUpdated}; any other sort is 400 naming
   * {@code _sort}, not ignored while the self link says it was applied.
   */
  private static boolean newestFirst(SortSpec sort) {
    if (sort == null) {
      return false;
    }
    if (!Constants.PARAM_LASTUPDATED.equals(sort.getParamName()) || sort.getChain() != null) {
      String why =
          "Tasks sort by _lastUpdated only (_sort=_lastUpdated or _sort=-_lastUpdated), not '"
              + Issue.echo(sort.getParamName())
              + "'";
      throw new InvalidRequestException(
          why, Outcomes.errors(List.of(new Issue(IssueType.NOTSUPPORTED, "_sort", why))));
    }
    return sort.getOrder() == SortOrderEnum.DESC;
  }

  /** {@code status=a,b} as any of them, {@code status:not=a,b} as any but them; null for any. */
  private static TaskStatuses statuses(TokenOrListParam status) {
    if (status == null) {
      return null;
    }
    return new TaskStatuses(
        values(status),
        status.getValuesAsQueryTokens().get(0).getModifier() == TokenParamModifier.NOT);
  }

  private static List<String> values(TokenOrListParam p) {
    return p.getValuesAsQueryTokens().stream().map(TokenParam::getValue).toList();
  }

  /** A reference parameter as the ledger stores it: {@code Type/id} or {@code system|value}. */
  private static String token(ReferenceParam p, String defaultType) {
    if (p == null) {
      return null;
    }
    if ("identifier".equals(p.getChain())) {
      return p.getValue();
    }
    String type = p.getResourceType() != null ? p.getResourceType() : defaultType;
    String value = p.getValue();
    if (value.contains("/")) {
      return new IdType(value).toUnqualifiedVersionless().getValue();
    }
    return type == null ? value : type + "/" + p.getIdPart();
  }
}
