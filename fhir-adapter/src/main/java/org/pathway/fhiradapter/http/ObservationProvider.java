package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.pathway.fhiradapter.fhir.OutcomeReader;
import org.pathway.fhiradapter.ledger.LedgerReads;
import org.pathway.fhiradapter.ledger.OutcomeRecording;

/**
 * Wellbeing scores: {@code POST /fhir/Observation} records one against its Task, read, and search
 * by {@code focus} (the Task) or {@code subject}/{@code patient}; each only on Tasks the caller may
 * see.
 */
@Singleton
public class ObservationProvider implements IResourceProvider {

  private static final int DEFAULT_COUNT = 100;
  private static final int MAX_COUNT = 500;

  /** A person's or a Task's scores are a handful; a search reads at most this many. */
  private static final int MAX_MATCHES = 1000;

  private final OutcomeRecording outcomes;
  private final LedgerReads ledger;
  private final ProfileCheck profiles;

  public ObservationProvider(OutcomeRecording outcomes, LedgerReads ledger, ProfileCheck profiles) {
    this.outcomes = outcomes;
    this.ledger = ledger;
    this.profiles = profiles;
  }

  @Override
  public Class<Observation> getResourceType() {
    return Observation.class;
  }

  @Create
  public MethodOutcome create(@ResourceParam Observation observation, HttpServletRequest req) {
    return Errors.guard(
        () -> {
          profiles.check(observation);
          var submission = OutcomeReader.read(observation);
          Observation saved = outcomes.record(submission, Headers.context(req, null));
          var outcome =
              new MethodOutcome(new IdType("Observation", saved.getIdElement().getIdPart(), "1"));
          outcome.setCreated(true);
          outcome.setResource(saved);
          return outcome;
        });
  }

  @Read
  public Observation read(@IdParam IdType id, HttpServletRequest req) {
    return Errors.guard(
        () -> {
          return ledger
              .read("Observation", id.getIdPart(), Headers.context(req, null).visibility())
              .map(Observation.class::cast)
              .orElseThrow(() -> new ResourceNotFoundException(id));
        });
  }

  /**
   * The search, a page of {@code _count} (100 unless asked, at most 500) at {@code _offset} of the
   * first {@value #MAX_MATCHES} matches ({@link OffsetPages}); {@code total} counts them.
   */
  @Search
  public IBundleProvider search(
      @OptionalParam(name = Observation.SP_FOCUS) ReferenceParam focus,
      @OptionalParam(name = Observation.SP_SUBJECT) ReferenceParam subject,
      @OptionalParam(name = Observation.SP_PATIENT) ReferenceParam patient,
      @Offset Integer offset,
      @Count Integer count,
      HttpServletRequest req) {
    return Errors.guard(
        () -> {
          Integer size = count == null ? null : Math.min(count, MAX_COUNT);
          String subjectRef = ref(subject, "Patient");
          String patientRef = ref(patient, "Patient");
          if (subjectRef != null && patientRef != null && !subjectRef.equals(patientRef)) {
            return OffsetPages.of(List.of(), offset, size, DEFAULT_COUNT);
          }
          String taskRef = ref(focus, "Task");
          if (taskRef != null && !taskRef.startsWith("Task/")) {
            return OffsetPages.of(List.of(), offset, size, DEFAULT_COUNT);
          }
          var found =
              ledger.searchOutcomes(
                  taskRef == null ? null : taskRef.substring("Task/".length()),
                  subjectRef != null ? subjectRef : patientRef,
                  MAX_MATCHES,
                  Headers.context(req, null).visibility());
          return OffsetPages.of(found, offset, size, DEFAULT_COUNT);
        });
  }

  /** A reference parameter as {@code Type/id}. */
  private static String ref(ReferenceParam p, String defaultType) {
    if (p == null) {
      return null;
    }
    String value = p.getValue();
    if (value.contains("/")) {
      return new IdType(value).toUnqualifiedVersionless().getValue();
    }
    return (p.getResourceType() != null ? p.getResourceType() : defaultType) + "/" + p.getIdPart();
  }
}
