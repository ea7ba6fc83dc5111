package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.support.Fixtures;

class EthnicCategoryTest {

  private static Patient coded(String system, String code) {
    Patient p = new Patient();
    p.addExtension(
        EthnicCategory.EXTENSION, new CodeableConcept().addCoding(new Coding(system, code, null)));
    return p;
  }

  private static List<Issue> check(Patient p) {
    List<Issue> issues = new ArrayList<>();
    EthnicCategory.check(p, "Patient", issues);
    return issues;
  }

  @Test
  void readsUkCoresOwnExample() {
    Patient example =
        Fixtures.FHIR
            .newXmlParser()
            .parseResource(
                Patient.class,
                Fixtures.text("uk-core/Extension-UKCore-EthnicCategory-Example.xml"));

    assertThat(check(example)).isEmpty();
    assertThat(EthnicCategory.of(example)).isEqualTo("A");
  }

  @Test
  void carriesEveryDataDictionaryCodeAsItIs() {
    for (String code : EthnicCategory.CODES) {
      Patient p = coded(EthnicCategory.ENGLAND, code);
      assertThat(check(p)).isEmpty();
      assertThat(EthnicCategory.of(p)).isEqualTo(code);
    }
  }

  @Test
  void readsARetiredSubCategoryAsItsDataDictionaryLetter() {
    Patient p = coded(EthnicCategory.RETIRED, "LA");

    assertThat(check(p)).isEmpty();
    assertThat(EthnicCategory.of(p)).isEqualTo("L");
  }

  @Test
  void checksAWelshCodeButDoesNotCarryIt() {
    assertThat(check(coded(EthnicCategory.WALES, "T"))).isEmpty();
    assertThat(EthnicCategory.of(coded(EthnicCategory.WALES, "T"))).isNull();
    assertThat(check(coded(EthnicCategory.WALES, "C"))).hasSize(1);
  }

  @Test
  void refusesACodeOutsideItsSystemNamingTheElement() {
    Patient p = new Patient();
    p.addExtension("https://example.org/other", new StringType("x"));
    p.addExtension(
        EthnicCategory.EXTENSION,
        new CodeableConcept()
            .addCoding(new Coding("http://snomed.info/sct", "976631000000101", null))
            .addCoding(new Coding(EthnicCategory.ENGLAND, "I", null)));

    List<Issue> issues = check(p);

    assertThat(issues).hasSize(1);
    assertThat(issues.get(0).expression())
        .isEqualTo("Patient.extension[1].valueCodeableConcept.coding[1].code");
    assertThat(issues.get(0).message()).contains("'I'").contains("A-H, J-N, P, R, S, Z or 99");
  }

  @Test
  void refusesAnExtensionThatIsNotACodeableConcept() {
    Patient p = new Patient();
    p.addExtension(EthnicCategory.EXTENSION, new StringType("British"));

    assertThat(check(p)).extracting(Issue::expression).containsExactly("Patient.extension[0]");
  }

  @Test
  void noExtensionOrAnotherSystemIsNoCategory() {
    assertThat(EthnicCategory.of(new Patient())).isNull();
    Patient snomed = coded("http://snomed.info/sct", "976631000000101");
    assertThat(check(snomed)).isEmpty();
    assertThat(EthnicCategory.of(snomed)).isNull();
  }
}
