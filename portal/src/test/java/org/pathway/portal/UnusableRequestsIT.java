package org.pathway.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.portal.support.Stack;

/**
 * Requests the portal cannot use are the caller's mistake, answered with the page an unknown
 * address gets and a 4xx, never the "try again later" page and a 500: an address with characters a
 * URL may not hold, a form sent without a body or over the limit, and a "link" that is not text a
 * header can carry (which the adapter still sees, refuses and audits).
 */
class UnusableRequestsIT {

  private static Stack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = Stack.shared();
  }

  @Test
  void anAddressWithCharactersAUrlMayNotHoldIs400() throws Exception {
    for (String target :
        new String[] {"/directory?page=<script>", "/self-referral?lang=<b>", "/status/<x>"}) {
      String answer = raw("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

      assertThat(answer).as(target).startsWith("HTTP/1.1 400");
      assertThat(answer).as(target).doesNotContain("Exception");
    }
  }

  @Test
  void aFormWithoutABodyIs400AndOneOverTheLimitIs413() throws Exception {
    assertThat(postSelfReferral("").statusCode()).isEqualTo(400);
    assertThat(postSelfReferral("given=" + "x".repeat(100_000)).statusCode()).isEqualTo(413);
  }

  @Test
  void aLinkThatIsNotTextAHeaderCanCarryIsRefusedAsMalformedAndAudited() throws Exception {
    var page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(stack.url("not%00a%FFlink"))).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(page.body()).contains("This link does not work").doesNotContain("Exception");
    // The adapter writes its interaction audit a moment after answering (in batches).
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(stack.ledger().portalLinkRefusals()).contains("malformed"));
  }

  private static HttpResponse<String> postSelfReferral(String form) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(stack.portalUrl() + "/self-referral"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  // A request line as a client that does not encode would send it: HttpClient refuses to.
  private static String raw(String request) throws IOException {
    URI base = URI.create(stack.portalUrl());
    try (var socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
