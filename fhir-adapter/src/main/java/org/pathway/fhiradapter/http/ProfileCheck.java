package org.pathway.fhiradapter.http;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.ProfileValidator;
import org.pathway.fhiradapter.fhir.RequestRejectedException;

/**
 * Full profile validation at the HTTP edge, when it is switched on ({@code FHIR_VALIDATION}): a
 * resource with an error-level problem is refused 422 with an OperationOutcome naming each element,
 * before any business rule runs or anything is written. Does nothing when it is off.
 */
@Singleton
class ProfileCheck {

  private final ProfileValidator validator;

  ProfileCheck(@Nullable ProfileValidator validator) {
    this.validator = validator;
  }

  /** Refuses unless every resource passes; the issues of all of them are reported together. */
  void check(Collection<? extends IBaseResource> resources) {
    if (validator == null) {
      return;
    }
    List<Issue> issues = new ArrayList<>();
    for (IBaseResource r : resources) {
      issues.addAll(validator.validate(r));
    }
    if (!issues.isEmpty()) {
      throw new RequestRejectedException(RequestRejectedException.Reason.INVALID, issues);
    }
  }

  void check(IBaseResource resource) {
    check(List.of(resource));
  }
}
