package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class FhirWarmUpTest {

  @Test
  void handsOutAContextWhoseServedTypesAreAlreadyScanned() {
    // given: a context nobody warmed has not scanned the referral's model yet
    assertThat(scanned(FhirContext.forR4())).doesNotContain("ServiceRequest", "Task");

    // when
    FhirContext warmed = FhirWarmUp.begin().context();

    // then: the first request finds every type it takes already scanned
    assertThat(scanned(warmed)).containsAll(FhirWarmUp.SERVED_TYPES);
  }

  @Test
  void keepsTheStrictParserAndTheProvenanceVersions() {
    FhirContext warmed = FhirWarmUp.now().context();

    assertThatThrownBy(
            () ->
                warmed
                    .newJsonParser()
                    .parseResource(
                        ServiceRequest.class,
                        "{\"resourceType\":\"ServiceRequest\",\"status\":\"active\",\"bogus\":1}"))
        .isInstanceOf(DataFormatException.class);
    assertThat(warmed.getParserOptions().getDontStripVersionsFromReferencesAtPaths())
        .containsExactly("Provenance.target");
  }

  @Test
  void writesAResourceAsItIsHeldContainingNothingOfItsOwnAccord() {
    // given: a Task whose owner points at an Organization object that has no id
    var owner = new Organization().setName("Walk and Talk");
    var task = new Task().setOwner(new Reference(owner).setDisplay("Walk and Talk"));

    // when
    String json = FhirWarmUp.now().context().newJsonParser().encodeResourceToString(task);

    // then: the owner is written as it is, not copied into the Task as a contained resource
    assertThat(json).doesNotContain("contained").contains("\"display\":\"Walk and Talk\"");
  }

  @Test
  void theContextIsTheOneWarmedBeforeTheApplicationContext() {
    FhirWarmUp early = FhirWarmUp.begin();

    assertThat(new FhirSupport().fhirContext(early)).isSameAs(early.context());
  }

  @Test
  void theWorkAfterTheContextRunsOnTheWarmUpThreadWithoutHoldingTheContextBack() throws Exception {
    // given: work that cannot finish until the context has been handed out
    var contextHandedOut = new CountDownLatch(1);
    var ranOn = new CompletableFuture<String>();
    FhirWarmUp early =
        FhirWarmUp.begin(
            () -> {
              try {
                contextHandedOut.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              ranOn.complete(Thread.currentThread().getName());
            });

    // when: the context is asked for while that work waits
    FhirContext context = early.context();
    contextHandedOut.countDown();

    // then: the context came first, and the work ran after it on the warm-up thread
    assertThat(scanned(context)).containsAll(FhirWarmUp.SERVED_TYPES);
    assertThat(ranOn.get()).isEqualTo("fhir-warm-up");
  }

  @Test
  void aFailedWarmUpStopsStartUpNamingIt() {
    var broken = new FhirWarmUp(CompletableFuture.failedFuture(new IllegalStateException("boom")));

    assertThatThrownBy(broken::context)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("FHIR context")
        .hasRootCauseMessage("boom");
  }

  private static Set<String> scanned(FhirContext ctx) {
    return ctx.getElementDefinitions().stream()
        .map(BaseRuntimeElementDefinition::getName)
        .collect(Collectors.toSet());
  }
}
