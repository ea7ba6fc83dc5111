package org.pathway.fhiradapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AskedInteractionTest {

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "GET,    /fhir/Task/7,                  read,             Task,           7",
        "GET,    /fhir/Task/7/_history/2,       vread,            Task,           7",
        "GET,    /fhir/Task/7/_history,         history-instance, Task,           7",
        "GET,    /fhir/Task,                    search-type,      Task,           -",
        "POST,   /fhir/Task/_search,            search-type,      Task,           -",
        "POST,   /fhir/ServiceRequest,          create,           ServiceRequest, -",
        "PUT,    /fhir/Task/7,                  update,           Task,           7",
        "DELETE, /fhir/Task/7,                  delete,           Task,           7",
        "POST,   /fhir,                         transaction,      -,              -",
        "POST,   /fhir/$process-message,        operation,        -,              -",
        "GET,    /fhir/metadata,                capabilities,     -,              -",
        "POST,   /oauth/token,                  token,            -,              -",
        "GET,    /fhir/<script>,                unknown,          -,              -",
      })
  void namesWhatARequestAskedFor(
      String method, String path, String interaction, String type, String id) {
    assertThat(AskedInteraction.of(method, path))
        .isEqualTo(new AskedInteraction(interaction, type, id));
  }
}
