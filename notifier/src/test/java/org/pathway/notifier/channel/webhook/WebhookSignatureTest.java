package org.pathway.notifier.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  private static final String SECRET = "secret";
  private static final String TIMESTAMP = "1700000000";
  private static final String KEY = "7d0c5a8e-5d8f-4a55-9a43-2f7c0c4c1e11";
  private static final Instant SENT = Instant.ofEpochSecond(1_700_000_000L);
  private final byte[] body = "{\"notificationId\":\"n-1\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void signsTimestampIdempotencyKeyAndBodyAsTheReadmeRecipeDoes() throws Exception {
    // Known answer from the README's recipe:
    // printf "%s.%s.%s" 1700000000 7d0c5a8e-5d8f-4a55-9a43-2f7c0c4c1e11 "$BODY" \
    //   | openssl dgst -sha256 -hmac secret
    assertThat(WebhookSignature.sign(SECRET, TIMESTAMP, KEY, body))
        .isEqualTo("v1=cbaee4f1324718ae31f6714539941d80980e49c8704d55fa725b88d037c63edb")
        .isEqualTo("v1=" + readmeRecipe(SECRET, TIMESTAMP, KEY, body));
    assertThat(
            WebhookSignature.verify(
                SECRET,
                TIMESTAMP,
                KEY,
                body,
                WebhookSignature.sign(SECRET, TIMESTAMP, KEY, body),
                SENT))
        .isTrue();
  }

  @Test
  void failsWhenTheIdempotencyKeyTimestampBodyOrSecretIsAltered() {
    String sig = WebhookSignature.sign(SECRET, TIMESTAMP, KEY, body);
    assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, KEY + "x", body, sig, SENT)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, "1700000001", KEY, body, sig, SENT)).isFalse();
    assertThat(WebhookSignature.verify("other", TIMESTAMP, KEY, body, sig, SENT)).isFalse();
    assertThat(
            WebhookSignature.verify(
                SECRET, TIMESTAMP, KEY, "{}".getBytes(StandardCharsets.UTF_8), sig, SENT))
        .isFalse();
    assertThat(WebhookSignature.verify(SECRET, null, KEY, body, sig, SENT)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, null, body, sig, SENT)).isFalse();
  }

  @Test
  void refusesATimestampMoreThanFiveMinutesFromTheReceiversClock() {
    String sig = WebhookSignature.sign(SECRET, TIMESTAMP, KEY, body);
    assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, KEY, body, sig, SENT.plusSeconds(300)))
        .isTrue();
    assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, KEY, body, sig, SENT.plusSeconds(301)))
        .isFalse();
    assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, KEY, body, sig, SENT.minusSeconds(301)))
        .isFalse();
  }

  @Test
  void acceptsTheV1SignatureAmongOthersInTheHeader() {
    String sig = WebhookSignature.sign(SECRET, TIMESTAMP, KEY, body);
    assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, KEY, body, "v2=abc, " + sig, SENT))
        .isTrue();
    assertThat(WebhookSignature.verify(SECRET, TIMESTAMP, KEY, body, "v2=abc", SENT)).isFalse();
  }

  /** The receiver's side exactly as the notifier README writes it in Java. */
  private static String readmeRecipe(String secret, String timestamp, String key, byte[] body)
      throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + "." + key + ".").getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }
}
