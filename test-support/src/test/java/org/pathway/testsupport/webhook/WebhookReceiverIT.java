package org.pathway.testsupport.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class WebhookReceiverIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void answersAsToldRefusesBadSignaturesAndRecordsEveryCall() throws Exception {
    try (WebhookReceiver receiver =
        WebhookReceiver.start((headers, body) -> "good".equals(headers.getFirst("X-Sig")))) {
      receiver.answer("/a", 503);
      assertThat(post(receiver.url("/a"), "good")).isEqualTo(503);
      assertThat(post(receiver.url("/b"), "good")).isEqualTo(200);
      assertThat(post(receiver.url("/b"), "forged")).isEqualTo(401);

      assertThat(receiver.calls("/b"))
          .extracting(WebhookReceiver.Call::answered, WebhookReceiver.Call::signatureValid)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(200, true),
              org.assertj.core.groups.Tuple.tuple(401, false));
      assertThat(receiver.calls("/a").get(0).header("x-sig")).isEqualTo("good");
      assertThat(receiver.calls("/a").get(0).body()).isEqualTo("{\"n\":1}");
      assertThat(receiver.badSignatures()).isEqualTo(1);
    }
  }

  private static int post(String url, String signature) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("X-Sig", signature)
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
