package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class StoredLengthsTest {

  @Test
  void namesATaskOwnerOrBusinessStatusTooLongToStore() {
    var task = new Task();
    task.setOwner(
        new Reference().setIdentifier(new Identifier().setSystem("s").setValue("o".repeat(300))));
    task.setBusinessStatus(new CodeableConcept());
    task.getBusinessStatus().addCoding().setCode("c".repeat(65));
    assertThat(StoredLengths.ofTask(task).stream().map(Issue::expression))
        .containsExactly("Task.owner", "Task.businessStatus.coding[0].code");
  }

  @Test
  void acceptsValuesAtTheLimit() {
    var task = new Task();
    task.setOwner(new Reference("HealthcareService/" + "h".repeat(256 - 18)));
    task.setBusinessStatus(new CodeableConcept());
    task.getBusinessStatus().addCoding().setCode("c".repeat(64));
    assertThat(StoredLengths.ofTask(task)).isEmpty();
  }

  @Test
  void checkNamesTheElementAndBothLengths() {
    List<Issue> issues = new ArrayList<>();
    StoredLengths.check(issues, "ServiceRequest.identifier[0].value", "x".repeat(300), 256);
    StoredLengths.check(issues, "ok", "x".repeat(256), 256);
    StoredLengths.check(issues, "absent", null, 256);
    assertThat(issues)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.expression()).isEqualTo("ServiceRequest.identifier[0].value");
              assertThat(i.message()).contains("300").contains("256");
            });
  }

  @Test
  void fhirIdSyntaxAllowsSixtyFourCharactersAtMost() {
    assertThat(StoredLengths.FHIR_ID.matcher("a-b.C9").matches()).isTrue();
    assertThat(StoredLengths.FHIR_ID.matcher("x".repeat(64)).matches()).isTrue();
    assertThat(StoredLengths.FHIR_ID.matcher("x".repeat(65)).matches()).isFalse();
    assertThat(StoredLengths.FHIR_ID.matcher("a/b").matches()).isFalse();
  }
}
