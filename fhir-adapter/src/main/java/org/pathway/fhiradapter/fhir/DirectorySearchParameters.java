package org.pathway.fhiradapter.fhir;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.SearchParameter;

/**
 * The {@code HealthcareService} search parameters Pathway adds to FHIR's: each a {@code
 * SearchParameter} served at {@code [base]/SearchParameter/{id}} and named as the definition of its
 * parameter in the CapabilityStatement.
 */
public final class DirectorySearchParameters {

  /** Where the definitions live: {@code BASE + id}. */
  public static final String BASE = "https://pathway.example.org/fhir/SearchParameter/";

  public static final String POSTCODE_DISTRICT = "postcode-district";
  public static final String NEAR = "near";
  public static final String CAPACITY = "capacity";
  public static final String REFERRAL_MODE = "referral-mode";

  private static final List<SearchParameter> ALL =
      List.of(
          define(
              POSTCODE_DISTRICT,
              SearchParamType.TOKEN,
              "HealthcareService.location.resolve().address.postalCode",
              "Services with a place in this postcode district (the outward code, e.g. LS6; a full"
                  + " postcode is cut to its district). Case is ignored."),
          define(
              NEAR,
              SearchParamType.SPECIAL,
              "HealthcareService.location.resolve().position",
              "Services with a place within a distance of a point, nearest first:"
                  + " [latitude]|[longitude]|[distance]|[units], units km (the default) or mi;"
                  + " distance defaults to 5 km. Places without a position are not found."),
          define(
              CAPACITY,
              SearchParamType.TOKEN,
              "HealthcareService.extension('"
                  + org.pathway.events.vocabulary.Extensions.GROUP_CAPACITY
                  + "').extension('status').value",
              "Services whose capacity, as served (the group's latest report, else the"
                  + " directory feed's), has this status: capacity | no-capacity |"
                  + " no-capacity-has-waitlist."),
          define(
              REFERRAL_MODE,
              SearchParamType.TOKEN,
              "HealthcareService.extension('"
                  + org.pathway.events.vocabulary.Extensions.REFERRAL_MODE
                  + "').value",
              "accepts-referrals: services that take referrals through Pathway; signpost-only:"
                  + " services listed for signposting, which a person contacts themselves."));

  private DirectorySearchParameters() {}

  /** Every definition. */
  public static List<SearchParameter> all() {
    return ALL.stream().map(SearchParameter::copy).toList();
  }

  /** The definition with this id. */
  public static Optional<SearchParameter> byId(String id) {
    return ALL.stream()
        .filter(p -> p.getIdPart().equals(id))
        .findFirst()
        .map(SearchParameter::copy);
  }

  /** The canonical URL of a parameter Pathway defines, or empty for FHIR's own. */
  public static Optional<String> definition(String name) {
    return ALL.stream().filter(p -> p.getCode().equals(name)).findFirst().map(p -> p.getUrl());
  }

  private static SearchParameter define(
      String code, SearchParamType type, String expression, String description) {
    String id = "healthcareservice-" + code;
    SearchParameter p = new SearchParameter();
    p.setId(id);
    p.setUrl(BASE + id);
    p.setName(code);
    p.setStatus(PublicationStatus.ACTIVE);
    p.setCode(code);
    p.addBase("HealthcareService");
    p.setType(type);
    p.setExpression(expression);
    p.setDescription(description);
    p.setPublisher("Pathway");
    return p;
  }
}
