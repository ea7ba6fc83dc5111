package org.pathway.fhiradapter.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.access.clients.Role;
import org.pathway.access.links.LinkKeys;
import org.pathway.access.scopes.ScopeSet;
import org.pathway.fhiradapter.config.LinksConfig;

/** The link keys are required once a portal is registered, and refused when unusable. */
class LinkKeysSettingTest {

  static ClientRegistry clients(Role role) {
    return ClientRegistry.of(
        List.of(
            new RegisteredClient(
                "c", "org", role, null, ScopeSet.parse("system/Task.rs"), null, null, null, null)));
  }

  @Test
  void aRegisteredPortalWithoutLinkKeysStopsStartUpNamingTheSetting() {
    assertThatThrownBy(() -> AccessFactory.linkVerifier(clients(Role.PORTAL), new LinksConfig("")))
        .hasMessageStartingWith("pathway.links.keys (PATHWAY_LINK_KEYS) must be set");
  }

  @Test
  void withoutAPortalTheKeysAreOptional() {
    assertThat(AccessFactory.linkVerifier(clients(Role.REFERRER), new LinksConfig(null))).isEmpty();
    assertThat(
            AccessFactory.linkVerifier(
                clients(Role.PORTAL), new LinksConfig(LinkKeys.generate("k1"))))
        .isPresent();
  }

  @Test
  void aShortKeyIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> new LinksConfig("k1:c2hvcnQ"))
        .hasMessageStartingWith("pathway.links.keys (PATHWAY_LINK_KEYS) is not usable")
        .hasMessageNotContaining("c2hvcnQ");
  }
}
