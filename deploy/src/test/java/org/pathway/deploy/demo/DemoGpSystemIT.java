package org.pathway.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class DemoGpSystemIT {

  private static final FhirContext FHIR = FhirContext.forR4();

  @Test
  void holdsWhatTheBackChannelSendsOverRealFhirRest() throws Exception {
    try (DemoGpSystem gp = DemoGpSystem.start(FHIR, 0)) {
      var client = FHIR.newRestfulGenericClient(gp.baseUrl());

      Task task = new Task().setStatus(Task.TaskStatus.ACCEPTED).setIntent(Task.TaskIntent.ORDER);
      task.setId("referral-42");
      client.update().resource(task).execute();
      task.setStatus(Task.TaskStatus.COMPLETED);
      client.update().resource(task).execute();
      client
          .create()
          .resource(new Communication().setStatus(Communication.CommunicationStatus.COMPLETED))
          .execute();

      assertThat(gp.received(Task.class))
          .singleElement()
          .satisfies(t -> assertThat(t.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED));
      assertThat(gp.received(Communication.class)).hasSize(1);
      assertThat(
              client
                  .read()
                  .resource(Task.class)
                  .withId("referral-42")
                  .execute()
                  .getMeta()
                  .getVersionId())
          .isEqualTo("2");
    }
  }
}
