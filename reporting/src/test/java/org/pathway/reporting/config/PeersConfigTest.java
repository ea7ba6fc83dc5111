package org.pathway.reporting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pathway.servicesettings.InvalidSettingException;

class PeersConfigTest {

  private static final String SECRET = "peer-secret-0123456789abcdef0123456789";

  @Test
  void aHostAloneIsReachedOnTheHttpPort() {
    assertThat(new PeersConfig("10.1.2.3", SECRET).hostAndPort(8084)).isEqualTo("10.1.2.3:8084");
    assertThat(new PeersConfig("reporting-1:9000", SECRET).hostAndPort(8084))
        .isEqualTo("reporting-1:9000");
  }

  @Test
  void noAddressIsOneInstance() {
    assertThat(new PeersConfig(null, null).enabled()).isFalse();
    assertThat(new PeersConfig("", "").enabled()).isFalse();
  }

  @Test
  void anAddressNeedsASecretOfThirtyTwoCharactersAndAHostThatIsOne() {
    assertThatThrownBy(() -> new PeersConfig("10.1.2.3", "short"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("REPORTING_PEER_SECRET");
    assertThatThrownBy(() -> new PeersConfig("http://10.1.2.3/", SECRET))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("REPORTING_PEER_ADDRESS");
  }
}
