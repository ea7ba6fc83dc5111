package org.pathway.notifier.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  private final byte[] body = "{\"notificationId\":\"n-1\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void signsTimestampAndBodyWithHmacSha256() {
    // Known answer from: printf "1700000000.<body>" | openssl dgst -sha256 -hmac secret
    assertThat(WebhookSignature.sign("secret", "1700000000", body))
        .isEqualTo("sha256=b13a2e6323b58d1d8483d34cd4b02cef6aceab8160932b9b29e62f2032fa19b6");
    assertThat(
            WebhookSignature.verify(
                "secret", "1700000000", body, WebhookSignature.sign("secret", "1700000000", body)))
        .isTrue();
  }

  @Test
  void rejectsAnAlteredBodyTimestampOrSecret() {
    String sig = WebhookSignature.sign("secret", "1700000000", body);
    assertThat(WebhookSignature.verify("secret", "1700000001", body, sig)).isFalse();
    assertThat(WebhookSignature.verify("other", "1700000000", body, sig)).isFalse();
    assertThat(
            WebhookSignature.verify(
                "secret", "1700000000", "{}".getBytes(StandardCharsets.UTF_8), sig))
        .isFalse();
    assertThat(WebhookSignature.verify("secret", null, body, sig)).isFalse();
  }
}
