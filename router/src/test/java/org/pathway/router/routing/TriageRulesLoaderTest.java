package org.pathway.router.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class TriageRulesLoaderTest {

  private static final Predicate<String> KNOWN = Set.of("hub", "lw-a", "lw-b")::contains;

  private static TriageRules parse(String yaml) {
    return TriageRulesLoader.parse(yaml, "rules.yml", KNOWN);
  }

  @Test
  void loadsTheShippedRulesAgainstTheDemoDirectory() throws IOException {
    var directory = org.pathway.router.Fixtures.demoDirectory();
    String yaml;
    try (var in = getClass().getClassLoader().getResourceAsStream("triage-rules.yml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    TriageRules rules =
        TriageRulesLoader.parse(yaml, "triage-rules.yml", id -> directory.byId(id).isPresent());
    assertThat(rules.defaultService()).isEqualTo("hub-city");
    assertThat(rules.rules())
        .extracting(TriageRule::id)
        .containsExactly(
            "youth-pathway",
            "emergency-services",
            "money-worries",
            "north-pcn",
            "riverside-practice",
            "east-postcodes",
            "community-self-referrals");
  }

  @Test
  void triesRulesInPriorityOrderWhateverTheirOrderInTheFile() {
    TriageRules rules =
        parse(
            """
            default-service: hub
            rules:
              - {id: second, priority: 20, when: {pcn: U1}, route-to: lw-b}
              - {id: first, priority: 10, when: {practice: a81001}, route-to: lw-a}
            """);
    assertThat(rules.rules()).extracting(TriageRule::id).containsExactly("first", "second");
    assertThat(rules.rules().get(0).practices()).containsExactly("A81001");
  }

  @Test
  void refusesAnUnknownConditionNamingTheRule() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    default-service: hub
                    rules:
                      - {id: ok, priority: 1, when: {pcn: U1}, route-to: lw-a}
                      - {id: typo, priority: 2, when: {postcode: LS6}, route-to: lw-a}
                    """))
        .isInstanceOf(InvalidTriageRulesException.class)
        .hasMessageContaining("rule #2 'typo'")
        .hasMessageContaining("unknown condition 'postcode'");
  }

  @Test
  void refusesADuplicatePriority() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    default-service: hub
                    rules:
                      - {id: a, priority: 5, when: {pcn: U1}, route-to: lw-a}
                      - {id: b, priority: 5, when: {pcn: U2}, route-to: lw-b}
                    """))
        .hasMessageContaining("rule #2 'b'")
        .hasMessageContaining("priority 5 is already used");
  }

  @Test
  void refusesADuplicateId() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    default-service: hub
                    rules:
                      - {id: a, priority: 1, when: {pcn: U1}, route-to: lw-a}
                      - {id: a, priority: 2, when: {pcn: U2}, route-to: lw-b}
                    """))
        .hasMessageContaining("rule #2 'a': duplicate id");
  }

  @Test
  void refusesATargetTheDirectoryDoesNotKnow() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    default-service: hub
                    rules:
                      - {id: lost, priority: 1, when: {pcn: U1}, route-to: lw-nowhere}
                    """))
        .hasMessageContaining("rule #1 'lost'")
        .hasMessageContaining("route-to 'lw-nowhere' is not a link-worker service");
  }

  @Test
  void refusesAnUnknownDefaultService() {
    assertThatThrownBy(() -> parse("default-service: nowhere\nrules: []\n"))
        .hasMessageContaining("default-service 'nowhere'");
  }

  @Test
  void refusesAnImpossibleAgeBand() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    default-service: hub
                    rules:
                      - {id: young, priority: 1, when: {age-band: 25-11}, route-to: lw-a}
                    """))
        .hasMessageContaining("rule #1 'young'")
        .hasMessageContaining("age-band '25-11'");
  }

  @Test
  void refusesAnUnknownReferralSource() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    default-service: hub
                    rules:
                      - {id: src, priority: 1, when: {source: carrier-pigeon}, route-to: lw-a}
                    """))
        .hasMessageContaining("rule #1 'src'")
        .hasMessageContaining("source 'carrier-pigeon' is not one of")
        .hasMessageContaining("fire-and-rescue");
  }

  @Test
  void refusesARuleWithoutConditions() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    default-service: hub
                    rules:
                      - {id: all, priority: 1, when: {}, route-to: lw-a}
                    """))
        .hasMessageContaining("rule #1 'all'")
        .hasMessageContaining("at least one condition");
  }

  @Test
  void refusesARuleWithoutAnId() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    default-service: hub
                    rules:
                      - {priority: 1, when: {pcn: U1}, route-to: lw-a}
                    """))
        .hasMessageContaining("rule #1: 'id' is required");
  }

  @Test
  void refusesYamlThatIsNotYaml() {
    assertThatThrownBy(() -> parse("rules: [unclosed"))
        .isInstanceOf(InvalidTriageRulesException.class)
        .hasMessageContaining("not valid YAML");
  }
}
