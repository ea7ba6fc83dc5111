package org.pathway.testsupport.gp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.AdditionalRequestHeadersInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class GpFhirServerIT {

  private static final FhirContext FHIR = FhirContext.forR4();

  static {
    // No /metadata fetch before the first request: the fault test's first request must be its own.
    FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
  }

  @Test
  void holdsWhatTheBackChannelSendsOverRealFhirRest() throws Exception {
    try (GpFhirServer gp = GpFhirServer.start(FHIR, 0)) {
      var client = FHIR.newRestfulGenericClient(gp.baseUrl());
      var headers = new AdditionalRequestHeadersInterceptor();
      headers.addHeaderValue("X-Correlation-ID", "corr-1");
      client.registerInterceptor(headers);

      Task task = new Task().setStatus(Task.TaskStatus.ACCEPTED).setIntent(Task.TaskIntent.ORDER);
      task.setId("referral-42");
      client.update().resource(task).execute();
      task.setStatus(Task.TaskStatus.COMPLETED);
      client.update().resource(task).execute();
      Communication c = new Communication().setStatus(Communication.CommunicationStatus.COMPLETED);
      c.addIdentifier().setSystem("urn:test").setValue("n-1");
      String conditional = "Communication?identifier=urn:test|n-1";
      var first = client.create().resource(c).conditionalByUrl(conditional).execute();
      var again = client.create().resource(c).conditionalByUrl(conditional).execute();

      assertThat(gp.received(Task.class))
          .singleElement()
          .satisfies(t -> assertThat(t.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED));
      assertThat(gp.task("referral-42").getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
      assertThat(gp.communications()).hasSize(1);
      assertThat(again.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
      assertThat(
              client
                  .read()
                  .resource(Task.class)
                  .withId("referral-42")
                  .execute()
                  .getMeta()
                  .getVersionId())
          .isEqualTo("2");
      assertThat(gp.writes())
          .extracting(Write::method, Write::type, Write::version, Write::correlationId)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("PUT", "Task", "1", "corr-1"),
              org.assertj.core.groups.Tuple.tuple("PUT", "Task", "2", "corr-1"),
              org.assertj.core.groups.Tuple.tuple("POST", "Communication", "1", "corr-1"));
    }
  }

  @Test
  void refusesWhileUnavailable() throws Exception {
    try (GpFhirServer gp = GpFhirServer.start()) {
      var client = FHIR.newRestfulGenericClient(gp.baseUrl());
      gp.seedTask("t-1");
      gp.mode(GpFhirServer.Mode.UNAVAILABLE);
      assertThatThrownBy(() -> client.read().resource(Task.class).withId("t-1").execute())
          .isInstanceOf(BaseServerResponseException.class)
          .satisfies(
              e -> assertThat(((BaseServerResponseException) e).getStatusCode()).isEqualTo(503));
      assertThat(gp.refusedCount()).isEqualTo(1);
      gp.mode(GpFhirServer.Mode.UP);
      assertThat(client.read().resource(Task.class).withId("t-1").execute().getStatus())
          .isEqualTo(Task.TaskStatus.REQUESTED);
    }
  }
}
