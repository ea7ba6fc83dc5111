package org.pathway.fhiradapter.fhir;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.pathway.directory.Capacity;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.vocabulary.Extensions;

/**
 * Reads the capacity a group reports from the {@code group-capacity} extension of a submitted
 * {@code HealthcareService}: places left and waitlist as said, the status as said or, when absent,
 * as they imply; a status that contradicts them, an unknown part or nothing at all is refused
 * (422), each naming its element. {@code reportedAt} is the ledger's to set and is ignored.
 */
public final class CapacityReader {

  /** What a group reported. */
  public record Submission(CapacityStatus status, Integer placesLeft, Boolean waitlistOpen) {}

  private static final String EXT = "HealthcareService.extension('" + Extensions.GROUP_CAPACITY;

  private CapacityReader() {}

  /** The capacity {@code hs} reports, or a refusal naming what is wrong. */
  public static Submission read(HealthcareService hs) {
    List<Extension> found = hs.getExtensionsByUrl(Extensions.GROUP_CAPACITY);
    if (found.size() != 1) {
      throw invalid(
          IssueType.REQUIRED,
          "HealthcareService.extension",
          "exactly one "
              + Extensions.GROUP_CAPACITY
              + " extension is needed, found "
              + found.size());
    }
    List<Issue> issues = new ArrayList<>();
    CapacityStatus status = null;
    Integer places = null;
    Boolean waitlist = null;
    for (Extension part : found.get(0).getExtension()) {
      String url = part.getUrl();
      String at = EXT + "').extension('" + Issue.echo(url) + "')";
      if (Extensions.STATUS.equals(url) && part.getValue() instanceof CodeType code) {
        status = HealthcareServices.status(code.getValue());
        if (status == null) {
          issues.add(
              new Issue(
                  IssueType.CODEINVALID,
                  at,
                  "status must be capacity, no-capacity or no-capacity-has-waitlist, not '"
                      + Issue.echo(code.getValue())
                      + "'"));
        }
      } else if (Extensions.PLACES_LEFT.equals(url)
          && part.getValue() instanceof UnsignedIntType n
          && n.getValue() != null) {
        places = n.getValue();
      } else if (Extensions.WAITLIST_OPEN.equals(url)
          && part.getValue() instanceof BooleanType b
          && b.getValue() != null) {
        waitlist = b.getValue();
      } else if (!Extensions.REPORTED_AT.equals(url)) {
        issues.add(
            new Issue(
                IssueType.STRUCTURE,
                at,
                "expected status (valueCode), placesLeft (valueUnsignedInt), waitlistOpen"
                    + " (valueBoolean) or reportedAt (valueDateTime)"));
      }
    }
    if (!issues.isEmpty()) {
      throw new RequestRejectedException(RequestRejectedException.Reason.INVALID, issues);
    }
    CapacityStatus implied = Capacity.statusOf(places, waitlist);
    if (status == null) {
      if (implied == CapacityStatus.UNKNOWN) {
        throw invalid(
            IssueType.REQUIRED,
            EXT + "')",
            "say the status, places left or whether the waitlist is open");
      }
      status = implied;
    } else if (contradicts(status, places, waitlist)) {
      throw invalid(
          IssueType.BUSINESSRULE,
          EXT + "')",
          "status "
              + HealthcareServices.code(status)
              + " contradicts placesLeft "
              + places
              + " / waitlistOpen "
              + waitlist);
    }
    return new Submission(status, places, waitlist);
  }

  private static boolean contradicts(CapacityStatus status, Integer places, Boolean waitlist) {
    return switch (status) {
      case CAPACITY -> places != null && places == 0;
      case NO_CAPACITY -> (places != null && places > 0) || Boolean.TRUE.equals(waitlist);
      case NO_CAPACITY_HAS_WAITLIST ->
          (places != null && places > 0) || Boolean.FALSE.equals(waitlist);
      case UNKNOWN -> true;
    };
  }

  private static RequestRejectedException invalid(IssueType type, String at, String message) {
    return new RequestRejectedException(
        RequestRejectedException.Reason.INVALID, new Issue(type, at, message));
  }
}
