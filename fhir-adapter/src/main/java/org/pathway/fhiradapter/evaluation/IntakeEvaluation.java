package org.pathway.fhiradapter.evaluation;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.pathway.events.avro.EvaluationFacts;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.fhiradapter.fhir.EthnicCategory;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.ReferralSubmission;
import org.pathway.fhiradapter.fhir.RequestRejectedException;

/**
 * The evaluation facts of a new referral ({@code ReferralReceived.evaluation}): sex, ethnic
 * category, age band, LSOA and deprivation decile, pathway. Decided once at intake, from what the
 * referrer sent and the operator's lookup and pathways; nothing here is stored by the ledger but
 * the pathway (the outcome set a score is checked against).
 */
@Singleton
public class IntakeEvaluation {

  // The day a referral was authored, as the person's own calendar has it.
  private static final ZoneId UK = ZoneId.of("Europe/London");

  private final DeprivationLookup lookup;
  private final PathwayRule rule;

  public IntakeEvaluation(DeprivationLookup lookup, PathwayRule rule) {
    this.lookup = lookup;
    this.rule = rule;
  }

  /**
   * The facts of {@code s}; {@code received} stands for {@code authoredOn} when it is absent.
   *
   * @throws RequestRejectedException (invalid) when the referral names a pathway not configured
   */
  public EvaluationFacts facts(ReferralSubmission s, Instant received) {
    ServiceRequest sr = s.serviceRequest();
    Patient p = s.patient();
    List<String> named = new ArrayList<>();
    List<Issue> issues = new ArrayList<>();
    for (int i = 0; i < sr.getCategory().size(); i++) {
      for (var c : sr.getCategory().get(i).getCoding()) {
        if (CodeSystems.PATHWAY.equals(c.getSystem())) {
          named.add(c.getCode());
          if (!rule.unknown(List.of(String.valueOf(c.getCode()))).isEmpty()) {
            issues.add(
                new Issue(
                    IssueType.CODEINVALID,
                    "ServiceRequest.category[" + i + "]",
                    "'"
                        + Issue.echo(c.getCode())
                        + "' is not a pathway here; the pathways are "
                        + rule.names()));
          }
        }
      }
    }
    if (!issues.isEmpty()) {
      throw new RequestRejectedException(RequestRejectedException.Reason.INVALID, issues);
    }
    Instant authored = sr.hasAuthoredOn() ? sr.getAuthoredOn().toInstant() : received;
    String ageBand = AgeBands.of(birthDate(p), authored.atZone(UK).toLocalDate());
    Optional<DeprivationLookup.Area> area =
        lookup.find(p.hasAddress() ? p.getAddressFirstRep().getPostalCode() : null);
    return EvaluationFacts.newBuilder()
        .setSex(p.hasGender() ? p.getGender().toCode() : null)
        .setEthnicCategory(EthnicCategory.of(p))
        .setAgeBand(ageBand)
        .setLsoaCode(area.map(DeprivationLookup.Area::lsoaCode).orElse(null))
        .setDeprivationDecile(area.map(DeprivationLookup.Area::decile).orElse(null))
        .setPathway(rule.decide(ageBand, named))
        .build();
  }

  /** A birth date to the day; null when absent or less precise (a year alone has no band). */
  static LocalDate birthDate(Patient p) {
    var d = p.getBirthDateElement();
    if (d == null || d.getValue() == null || d.getPrecision() != TemporalPrecisionEnum.DAY) {
      return null;
    }
    return LocalDate.of(d.getYear(), d.getMonth() + 1, d.getDay());
  }
}
