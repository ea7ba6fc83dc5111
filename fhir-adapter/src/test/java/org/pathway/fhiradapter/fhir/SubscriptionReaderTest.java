package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;
import org.junit.jupiter.api.Test;

/** What a submitted Subscription must be: rest-hook, a callable endpoint, well-formed headers. */
class SubscriptionReaderTest {

  static Subscription subscription(String endpoint) {
    var s = new Subscription();
    s.setStatus(SubscriptionStatus.REQUESTED);
    s.setReason("follow my referrals");
    s.setCriteria("Task?requester=Organization/A81001");
    s.getChannel()
        .setType(SubscriptionChannelType.RESTHOOK)
        .setEndpoint(endpoint)
        .setPayload("application/fhir+json")
        .addHeader("Authorization: Bearer secret-123");
    return s;
  }

  static RequestRejectedException refused(Subscription s, boolean allowHttp, List<String> hosts) {
    return catchThrowableOfType(
        RequestRejectedException.class, () -> SubscriptionReader.read(s, allowHttp, hosts));
  }

  @Test
  void readsARestHookWithPayloadAndHeaders() {
    var read =
        SubscriptionReader.read(
            subscription("https://gp.example.org/fhir"), false, List.of("*.example.org"));
    assertThat(read.endpoint()).isEqualTo("https://gp.example.org/fhir");
    assertThat(read.payload()).isEqualTo(SubscriptionReader.FHIR_JSON);
    assertThat(read.headers()).containsExactly("Authorization: Bearer secret-123");
    assertThat(read.off()).isFalse();
  }

  @Test
  void refusesEveryChannelButRestHook() {
    var s = subscription("https://gp.example.org/fhir");
    s.getChannel().setType(SubscriptionChannelType.EMAIL);
    var e = refused(s, false, List.of());
    assertThat(e.issues().get(0).expression()).isEqualTo("Subscription.channel.type");
    assertThat(e.getMessage()).contains("only rest-hook");
  }

  @Test
  void refusesPlainHttpOutsideDevAndHostsNotAllowed() {
    assertThat(refused(subscription("http://gp.example.org/fhir"), false, List.of()).getMessage())
        .contains("https");
    assertThat(SubscriptionReader.read(subscription("http://127.0.0.1:9/fhir"), true, List.of()))
        .isNotNull();
    var e = refused(subscription("https://evil.example.com/fhir"), false, List.of("*.nhs.uk"));
    assertThat(e.issues().get(0).expression()).isEqualTo("Subscription.channel.endpoint");
    assertThat(e.getMessage()).contains("evil.example.com");
  }

  @Test
  void refusesCredentialsInTheEndpoint() {
    assertThat(
            refused(subscription("https://u:p@gp.example.org/fhir"), false, List.of()).getMessage())
        .contains("credentials");
  }

  @Test
  void refusesAnotherPayloadType() {
    var s = subscription("https://gp.example.org/fhir");
    s.getChannel().setPayload("application/fhir+xml");
    assertThat(refused(s, false, List.of()).issues().get(0).expression())
        .isEqualTo("Subscription.channel.payload");
  }

  @Test
  void refusesAMalformedHeaderWithoutRepeatingIt() {
    var s = subscription("https://gp.example.org/fhir");
    s.getChannel().getHeader().clear();
    s.getChannel().addHeader("no colon secret-456");
    var e = refused(s, false, List.of());
    assertThat(e.issues().get(0).expression()).isEqualTo("Subscription.channel.header[0]");
    assertThat(e.getMessage()).doesNotContain("secret-456");
  }

  @Test
  void readsStatusOffAsStop() {
    var s = subscription("https://gp.example.org/fhir");
    s.setStatus(SubscriptionStatus.OFF);
    assertThat(SubscriptionReader.read(s, false, List.of()).off()).isTrue();
  }
}
