package org.pathway.access.scopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeSetTest {

  @Test
  void readsV2LettersAndWritesThemInCanonicalOrder() {
    ScopeSet scopes = ScopeSet.parse("system/Task.sur  system/ServiceRequest.cr");

    assertThat(scopes).hasToString("system/ServiceRequest.cr system/Task.rus");
  }

  @Test
  void readsV1SuffixesAsTheirV2Letters() {
    assertThat(ScopeSet.parse("system/Task.read")).hasToString("system/Task.rs");
    assertThat(ScopeSet.parse("system/Task.write")).hasToString("system/Task.cud");
    assertThat(ScopeSet.parse("system/Task.*")).hasToString("system/Task.cruds");
    assertThat(ScopeSet.parse("system/Task.read system/Task.write"))
        .hasToString("system/Task.cruds");
  }

  @Test
  void permitsOnlyTheLettersGranted() {
    ScopeSet scopes = ScopeSet.parse("system/Task.rs");

    assertThat(scopes.permits("Task", Interaction.READ)).isTrue();
    assertThat(scopes.permits("Task", Interaction.SEARCH)).isTrue();
    assertThat(scopes.permits("Task", Interaction.UPDATE)).isFalse();
    assertThat(scopes.permits("ServiceRequest", Interaction.READ)).isFalse();
  }

  @Test
  void wildcardTypePermitsEveryType() {
    ScopeSet scopes = ScopeSet.parse("system/*.rs");

    assertThat(scopes.permits("Observation", Interaction.SEARCH)).isTrue();
    assertThat(scopes.permits("Observation", Interaction.CREATE)).isFalse();
  }

  @Test
  void onlySystemContextGrantsABackendSystemAnything() {
    ScopeSet scopes = ScopeSet.parse("user/Task.cruds patient/*.read");

    assertThat(scopes.isEmpty()).isFalse();
    assertThat(scopes.permits("Task", Interaction.READ)).isFalse();
    assertThat(scopes).hasToString("patient/*.rs user/Task.cruds");
  }

  @Test
  void grantNarrowsEachRequestedScopeToTheRegisteredLetters() {
    ScopeSet registered = ScopeSet.parse("system/Task.rsu");

    ScopeSet granted = registered.grant(ScopeSet.parse("system/Task.rs system/Patient.r"));

    assertThat(granted).hasToString("system/Task.rs");
  }

  @Test
  void grantIntersectsLettersWhenTheRequestAsksForMore() {
    ScopeSet registered = ScopeSet.parse("system/Task.rs system/ServiceRequest.cr");

    ScopeSet granted = registered.grant(ScopeSet.parse("system/Task.cruds"));

    assertThat(granted).hasToString("system/Task.rs");
  }

  @Test
  void requestedWildcardTypeGetsEachRegisteredType() {
    ScopeSet registered = ScopeSet.parse("system/Task.rsu system/ServiceRequest.cr");

    ScopeSet granted = registered.grant(ScopeSet.parse("system/*.read"));

    assertThat(granted).hasToString("system/ServiceRequest.r system/Task.rs");
  }

  @Test
  void registeredWildcardTypeGrantsTheRequestedType() {
    ScopeSet registered = ScopeSet.parse("system/*.rs");

    assertThat(registered.grant(ScopeSet.parse("system/Task.cruds"))).hasToString("system/Task.rs");
    assertThat(registered.grant(ScopeSet.parse("system/*.r"))).hasToString("system/*.r");
  }

  @Test
  void grantNeverCrossesContexts() {
    ScopeSet registered = ScopeSet.parse("user/Task.cruds");

    assertThat(registered.grant(ScopeSet.parse("system/Task.r")).isEmpty()).isTrue();
  }

  @Test
  void grantOfNothingRegisteredIsEmpty() {
    ScopeSet registered = ScopeSet.parse("system/Task.rs");

    ScopeSet granted = registered.grant(ScopeSet.parse("system/Observation.c"));

    assertThat(granted.isEmpty()).isTrue();
    assertThat(granted).hasToString("");
  }

  @Test
  void aTypeScopeWithinTheWildcardIsFoldedIntoIt() {
    assertThat(ScopeSet.parse("system/*.rs system/Task.r system/Task.u"))
        .hasToString("system/*.rs system/Task.u");
  }

  @Test
  void equalSetsCompareEqualWhateverTheirSpelling() {
    assertThat(ScopeSet.parse("system/Task.read")).isEqualTo(ScopeSet.parse("system/Task.sr"));
    assertThat(ScopeSet.parse("system/Task.read")).isNotEqualTo(ScopeSet.parse("system/Task.r"));
  }

  @Test
  void nonResourceScopesAreLeftOut() {
    ScopeSet scopes = ScopeSet.parse("openid launch/patient offline_access system/Task.r");

    assertThat(scopes).hasToString("system/Task.r");
    assertThat(ScopeSet.parse("openid").isEmpty()).isTrue();
    assertThat(ScopeSet.parse(null).isEmpty()).isTrue();
  }

  @Test
  void refusesMalformedResourceScopesNamingThem() {
    assertThatThrownBy(() -> ScopeSet.parse("system/Task.rx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("system/Task.rx");
    assertThatThrownBy(() -> ScopeSet.parse("system/Task.rr"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScopeSet.parse("system/task.r"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScopeSet.parse("system/Task"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScopeSet.of(List.of(""))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesGranularScopesRatherThanWideningThem() {
    assertThatThrownBy(() -> ScopeSet.parse("system/Observation.rs?category=laboratory"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("granular");
  }

  @Test
  void lenientParsingDropsWhatItDoesNotUnderstand() {
    ScopeSet scopes = ScopeSet.parseLenient("system/Task.rx system/Task.rs profile");

    assertThat(scopes).hasToString("system/Task.rs");
  }

  @Test
  void listsEachScopeInCanonicalForm() {
    assertThat(ScopeSet.of(List.of("system/Task.read", "system/ServiceRequest.rc")).asList())
        .containsExactly("system/ServiceRequest.cr", "system/Task.rs");
  }
}
