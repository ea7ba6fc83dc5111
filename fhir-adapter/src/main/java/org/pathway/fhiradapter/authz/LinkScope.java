package org.pathway.fhiradapter.authz;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.SignedLink;
import org.pathway.access.scopes.Interaction;

/**
 * What a call made through a signed link may touch: the link's Task and little around it. A link is
 * one person's answer about one referral, so everything else is refused ({@code not-for-this}) even
 * where the recipient organisation could reach it with a token of its own.
 */
public final class LinkScope {

  /**
   * One request as the binding sees it.
   *
   * @param resourceType the resource type asked about
   * @param interaction read (read, vread, an instance's history), search, create, update...
   * @param id the id in the URL, or null
   * @param params the search parameters, by name
   * @param body the submitted resource of a create or update, or null
   */
  public record Asked(
      String resourceType,
      Interaction interaction,
      String id,
      Map<String, List<String>> params,
      IBaseResource body) {

    public Asked {
      params = params == null ? Map.of() : Map.copyOf(params);
    }
  }

  private LinkScope() {}

  /** Why {@code asked} is outside what {@code link} allows, or empty when it is inside. */
  public static Optional<String> refusal(SignedLink link, LinkedTask task, Asked asked) {
    boolean linkWorker = link.purpose() == LinkPurpose.LINK_WORKER;
    String taskRef = "Task/" + task.taskId();
    if (link.purpose() == LinkPurpose.REFERRAL_STATUS) {
      // A person's status link reads their own Task (and its history), and writes one thing: their
      // own withdrawal of consent for the referral it follows.
      return readsItsTask(task, asked) || withdrawsConsentForItsReferral(task, asked)
          ? Optional.empty()
          : Optional.of(
              "a "
                  + link.purpose().code()
                  + " link for "
                  + taskRef
                  + " only reads that Task and withdraws consent for its referral");
    }
    boolean allowed =
        switch (asked.resourceType() == null ? "" : asked.resourceType()) {
          case "ValueSet" -> isReadOrSearch(asked);
          case "HealthcareService" ->
              isReadOrSearch(asked)
                  || (asked.interaction() == Interaction.UPDATE
                      && link.purpose() == LinkPurpose.FACILITATOR
                      && link.recipient().equals(asked.id()));
          case "Task" ->
              switch (asked.interaction()) {
                case READ, UPDATE -> task.taskId().equals(asked.id());
                case SEARCH ->
                    only(asked.params(), "_id", task.taskId())
                        || only(asked.params(), "part-of", task.taskId());
                default -> false;
              };
          case "ServiceRequest" ->
              switch (asked.interaction()) {
                case READ -> task.focusId() != null && task.focusId().equals(asked.id());
                // A link worker refers on; a facilitator passes a cascade step on (the adapter's
                // onward rules then check the link's recipient owns the Task being passed on).
                case CREATE ->
                    (linkWorker || link.purpose() == LinkPurpose.FACILITATOR)
                        && task.focusId() != null
                        && asked.body() instanceof ServiceRequest sr
                        && sr.getBasedOn().stream()
                            .anyMatch(ref -> names(ref, "ServiceRequest", task.focusId()));
                default -> false;
              };
          case "Observation" ->
              switch (asked.interaction()) {
                case CREATE ->
                    linkWorker
                        && asked.body() instanceof Observation o
                        && !o.getFocus().isEmpty()
                        && o.getFocus().stream().allMatch(ref -> names(ref, "Task", task.taskId()));
                case SEARCH -> linkWorker && only(asked.params(), "focus", task.taskId());
                default -> false;
              };
          // "What has happened to this referral": the link's Task's own changes and messages.
          case "Provenance" ->
              asked.interaction() == Interaction.SEARCH
                  && only(asked.params(), "target", task.taskId());
          case "Communication" ->
              asked.interaction() == Interaction.SEARCH
                  && only(asked.params(), "part-of", task.taskId());
          default -> false;
        };
    if (allowed) {
      return Optional.empty();
    }
    return Optional.of(
        "a "
            + link.purpose().code()
            + " link for "
            + taskRef
            + " does not reach "
            + describe(asked));
  }

  private static boolean readsItsTask(LinkedTask task, Asked asked) {
    return "Task".equals(asked.resourceType())
        && asked.interaction() == Interaction.READ
        && task.taskId().equals(asked.id());
  }

  /** A Consent with status inactive whose source is the link's own referral, nothing else. */
  private static boolean withdrawsConsentForItsReferral(LinkedTask task, Asked asked) {
    return "Consent".equals(asked.resourceType())
        && asked.interaction() == Interaction.CREATE
        && task.focusId() != null
        && asked.body() instanceof Consent c
        && c.getStatus() == Consent.ConsentState.INACTIVE
        && names(c.getSourceReference(), "ServiceRequest", task.focusId());
  }

  private static boolean isReadOrSearch(Asked asked) {
    return asked.interaction() == Interaction.READ || asked.interaction() == Interaction.SEARCH;
  }

  /**
   * Whether the search narrows {@code param} to exactly the Task {@code id} (given as {@code id} or
   * {@code Task/id}), once.
   */
  private static boolean only(Map<String, List<String>> params, String param, String id) {
    List<String> values = params.get(param);
    if (values == null || values.size() != 1) {
      return false;
    }
    String value = values.get(0);
    return value.equals(id) || value.equals("Task/" + id);
  }

  private static boolean names(Reference ref, String type, String id) {
    return ref.hasReference()
        && type.equals(ref.getReferenceElement().getResourceType())
        && id.equals(ref.getReferenceElement().getIdPart())
        && !ref.getReferenceElement().isAbsolute();
  }

  private static String describe(Asked asked) {
    String what =
        asked.resourceType() == null
            ? "this interaction"
            : asked.resourceType() + (asked.id() == null ? "" : "/" + asked.id());
    return switch (asked.interaction()) {
      case READ -> "reading " + what;
      case SEARCH -> "searching " + what + " this way";
      case CREATE -> "creating this " + what;
      case UPDATE -> "updating " + what;
      case DELETE -> "deleting " + what;
    };
  }
}
