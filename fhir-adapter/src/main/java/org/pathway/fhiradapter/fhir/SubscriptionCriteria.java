package org.pathway.fhiradapter.fhir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Task;

/**
 * A Subscription's {@code criteria}, read: a Task search naming whose Tasks it follows ({@code
 * requester} and/or {@code owner}, an organisation) and, optionally, which statuses. Nothing else
 * is understood, so nothing else can widen it; a search that names neither party would follow every
 * Task and is refused.
 *
 * @param text the criteria as sent
 * @param requesterOrganization the {@code requester} organisation's id, or null
 * @param ownerOrganization the {@code owner} organisation's id, or null
 * @param statuses FHIR Task status codes ({@code status=a,b}); empty for any
 */
public record SubscriptionCriteria(
    String text, String requesterOrganization, String ownerOrganization, List<String> statuses) {

  private static final String EXPRESSION = "Subscription.criteria";
  private static final Pattern ORG_ID = Pattern.compile("[A-Za-z0-9.-]{1,64}");
  private static final Set<String> PARTY_TYPES = Set.of("Organization", "HealthcareService");

  public SubscriptionCriteria {
    statuses = List.copyOf(statuses);
  }

  /**
   * Reads {@code criteria}.
   *
   * @throws RequestRejectedException (invalid) naming the parameter at fault
   */
  public static SubscriptionCriteria parse(String criteria) {
    if (criteria == null || criteria.isBlank()) {
      throw invalid(
          "criteria is required: a Task search on your own Tasks, e.g. Task?requester=...");
    }
    String text = criteria.strip();
    if (!text.startsWith("Task?")) {
      throw invalid(
          "criteria must be a Task search (Task?requester=... or Task?owner=...), not '"
              + Issue.echo(text)
              + "'");
    }
    String requester = null;
    String owner = null;
    Set<String> statuses = new LinkedHashSet<>();
    for (String pair : text.substring("Task?".length()).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      switch (name) {
        case "requester" -> {
          if (requester != null) {
            throw invalid("parameter 'requester' is given twice");
          }
          requester = organisation("requester", value);
        }
        case "owner" -> {
          if (owner != null) {
            throw invalid("parameter 'owner' is given twice");
          }
          owner = organisation("owner", value);
        }
        case "status" -> {
          for (String code : value.split(",")) {
            statuses.add(status(code.strip()));
          }
        }
        default ->
            throw invalid(
                "parameter '"
                    + Issue.echo(name)
                    + "' is not supported in criteria (requester, owner, status)");
      }
    }
    if (requester == null && owner == null) {
      throw invalid("criteria must name whose Tasks: requester=Organization/<you> or owner=...");
    }
    return new SubscriptionCriteria(text, requester, owner, new ArrayList<>(statuses));
  }

  /**
   * The organisation id a party parameter names: {@code Organization/X}, {@code
   * HealthcareService/X} or {@code X}.
   */
  private static String organisation(String parameter, String value) {
    String id = value;
    int slash = value.indexOf('/');
    if (slash >= 0) {
      if (!PARTY_TYPES.contains(value.substring(0, slash))) {
        throw invalid(
            "parameter '"
                + parameter
                + "' must name an Organization or HealthcareService, not '"
                + Issue.echo(value)
                + "'");
      }
      id = value.substring(slash + 1);
    }
    if (!ORG_ID.matcher(id).matches()) {
      throw invalid(
          "parameter '"
              + parameter
              + "' must name one organisation, not '"
              + Issue.echo(value)
              + "'");
    }
    return id;
  }

  private static String status(String code) {
    try {
      Task.TaskStatus status = Task.TaskStatus.fromCode(code);
      if (status == null || status == Task.TaskStatus.NULL) {
        throw new IllegalArgumentException();
      }
      return status.toCode();
    } catch (Exception e) {
      throw invalid("parameter 'status' has '" + Issue.echo(code) + "', which is no Task status");
    }
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("criteria is not a well-formed search ('" + Issue.echo(s) + "')");
    }
  }

  private static RequestRejectedException invalid(String message) {
    return new RequestRejectedException(
        RequestRejectedException.Reason.INVALID, new Issue(IssueType.VALUE, EXPRESSION, message));
  }
}
