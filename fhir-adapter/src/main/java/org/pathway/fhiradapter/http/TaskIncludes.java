package org.pathway.fhiradapter.http;

import ca.uhn.fhir.model.api.Include;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.pathway.access.scopes.Interaction;
import org.pathway.access.tokens.Caller;
import org.pathway.fhiradapter.authz.InteractionRules;
import org.pathway.fhiradapter.ledger.LedgerReads;
import org.pathway.fhiradapter.ledger.Visibility;

/**
 * What a Task search's {@code _include} adds beside its page: the referral each Task is for ({@code
 * Task:focus}) and the person ({@code Task:patient}, {@code Task:subject}), so a link worker's
 * system reads its queue with what it needs to act on it in one call. An include is a read of its
 * type: a caller whose scopes or role do not reach it is refused (403), and each resource is
 * included only when the caller may see it, so a community group's Tasks come with nothing.
 */
final class TaskIncludes {

  static final String FOCUS = "Task:focus";
  static final String PATIENT = "Task:patient";
  static final String SUBJECT = "Task:subject";

  /** The includes offered, and the type each reaches. */
  static final Map<String, String> OFFERED =
      Map.of(FOCUS, "ServiceRequest", PATIENT, "Patient", SUBJECT, "Patient");

  private TaskIncludes() {}

  /** The included resources for {@code tasks}, each once, in the order first referenced. */
  static List<Resource> of(
      Set<Include> includes,
      List<Task> tasks,
      Caller caller,
      Visibility visibility,
      LedgerReads ledger) {
    if (includes == null || includes.isEmpty()) {
      return List.of();
    }
    Set<String> references = new LinkedHashSet<>();
    for (Include include : includes) {
      String type = OFFERED.get(include.getValue());
      InteractionRules.refusal(caller, type, Interaction.READ)
          .ifPresent(
              why -> {
                throw Errors.forbidden("_include", "_include=" + include.getValue() + ": " + why);
              });
      for (Task t : tasks) {
        Reference ref = "ServiceRequest".equals(type) ? t.getFocus() : t.getFor();
        if (ref.getReference() != null && ref.getReference().startsWith(type + "/")) {
          references.add(ref.getReference());
        }
      }
    }
    List<Resource> included = new ArrayList<>();
    for (String reference : references) {
      var id = new IdType(reference);
      ledger.read(id.getResourceType(), id.getIdPart(), visibility).ifPresent(included::add);
    }
    return included;
  }
}
