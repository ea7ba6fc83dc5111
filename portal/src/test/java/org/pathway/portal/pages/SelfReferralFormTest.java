package org.pathway.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelfReferralFormTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

  static Map<String, String> filled() {
    Map<String, String> form = new HashMap<>();
    form.put("given-name", " Grace ");
    form.put("family-name", "Okafor");
    form.put("dob-day", "14");
    form.put("dob-month", "7");
    form.put("dob-year", "1961");
    form.put("postcode", "ls61lf");
    form.put("contact-by", "email");
    form.put("email", "grace@example.org");
    form.put("phone", "");
    form.put("matters", "Meeting people since my husband died");
    form.put("consent-contact", "yes");
    form.put("website", "");
    return form;
  }

  @Test
  void readsACompleteFormIntoThePerson() {
    var read = SelfReferralForm.read(filled(), TODAY);

    assertThat(read.problems()).isEmpty();
    assertThat(read.honeypot()).isFalse();
    var p = read.person();
    assertThat(p.givenName()).isEqualTo("Grace");
    assertThat(p.birthDate()).isEqualTo(LocalDate.of(1961, 7, 14));
    assertThat(p.postcode()).isEqualTo("LS6 1LF");
    assertThat(p.contactBy()).isEqualTo("email");
    assertThat(p.phone()).isNull();
    assertThat(p.practice()).isNull();
    assertThat(p.nhsNumber()).isNull();
  }

  @Test
  void namesEachMissingAnswerInPageOrder() {
    var read = SelfReferralForm.read(Map.of(), TODAY);

    assertThat(read.person()).isNull();
    assertThat(read.problems())
        .extracting(SelfReferralForm.Problem::field)
        .containsExactly(
            "given-name",
            "family-name",
            "dob-day",
            "postcode",
            "contact-by",
            "matters",
            "consent-contact");
    assertThat(read.problem("dob-day").key()).isEqualTo("selfref.problem.dob.missing");
  }

  @Test
  void requiresTheChosenWayOfContactAndChecksTheOther() {
    var form = filled();
    form.put("contact-by", "phone");
    form.put("email", "not-an-address");

    var read = SelfReferralForm.read(form, TODAY);

    assertThat(read.problem("phone").key()).isEqualTo("selfref.problem.phone.missing");
    assertThat(read.problem("email").key()).isEqualTo("selfref.problem.email.invalid");
  }

  @Test
  void refusesImpossibleFutureAndUnder16BirthDates() {
    var form = filled();
    form.put("dob-day", "31");
    form.put("dob-month", "2");
    assertThat(SelfReferralForm.read(form, TODAY).problem("dob-day").key())
        .isEqualTo("selfref.problem.dob.invalid");
    form.put("dob-day", "2");
    form.put("dob-month", "12");
    form.put("dob-year", "2026");
    assertThat(SelfReferralForm.read(form, TODAY).problem("dob-day").key())
        .isEqualTo("selfref.problem.dob.invalid");
    form.put("dob-year", "2010");
    assertThat(SelfReferralForm.read(form, TODAY).problem("dob-day").key())
        .isEqualTo("selfref.problem.dob.young");
    form.put("dob-day", "1");
    assertThat(SelfReferralForm.read(form, TODAY).problem("dob-day")).isNull();
  }

  @Test
  void checksAGivenNhsNumberByModulus11() {
    var form = filled();
    form.put("nhs-number", "943 476 5918");
    assertThat(SelfReferralForm.read(form, TODAY).problem("nhs-number").key())
        .isEqualTo("selfref.problem.nhs-number.invalid");
    form.put("nhs-number", "943 476 5919");
    var read = SelfReferralForm.read(form, TODAY);
    assertThat(read.problems()).isEmpty();
    assertThat(read.person().nhsNumber()).isEqualTo("9434765919");
  }

  @Test
  void needsConsentToBeContactedAndAPracticeCodeWhenTheGpIsToBeTold() {
    var form = filled();
    form.put("consent-contact", "");
    form.put("tell-gp", "yes");
    form.put("practice", "hyde park");

    var read = SelfReferralForm.read(form, TODAY);

    assertThat(read.problem("consent-contact").key())
        .isEqualTo("selfref.problem.consent-contact.missing");
    assertThat(read.problem("practice").key()).isEqualTo("selfref.problem.practice.invalid");

    form.put("consent-contact", "yes");
    form.put("practice", "a81001");
    assertThat(SelfReferralForm.read(form, TODAY).person().practice()).isEqualTo("A81001");
  }

  @Test
  void refusesMarkupInFreeTextAndKeepsWhatWasTyped() {
    var form = filled();
    form.put("matters", "<script>alert(1)</script>");

    var read = SelfReferralForm.read(form, TODAY);

    assertThat(read.problem("matters").key()).isEqualTo("selfref.problem.markup");
    assertThat(read.values()).containsEntry("matters", "<script>alert(1)</script>");
  }

  @Test
  void refusesAPostcodeThatIsNotOne() {
    var form = filled();
    form.put("postcode", "LS6");
    assertThat(SelfReferralForm.read(form, TODAY).problem("postcode").key())
        .isEqualTo("selfref.problem.postcode.invalid");
  }

  @Test
  void notesAFilledHoneypot() {
    var form = filled();
    form.put(SelfReferralForm.HONEYPOT, "http://spam.example");
    assertThat(SelfReferralForm.read(form, TODAY).honeypot()).isTrue();
  }
}
