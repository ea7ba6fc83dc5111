package org.pathway.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.events.avro.Channel;

class DirectoryMappingTest {

  @TempDir Path dir;

  private DirectoryMapping mapping(String yaml) throws IOException {
    Path file = dir.resolve("mapping.yaml");
    Files.writeString(file, yaml);
    return DirectoryMapping.load(file.toString());
  }

  @Test
  void theMostSpecificRuleWinsEachSettingOnItsOwn() throws IOException {
    DirectoryMapping mapping =
        mapping(
            """
            rules:
              - taxonomy: {code: social-prescribing}
                kind: link-worker-service
                referrals: accepts
                pcn: U00001
              - organization: org-1
                pcn: U22222
              - service: svc-1
                channels: [{channel: webhook, address: "https://x.example/h", secret-ref: x}]
            """);

    DirectoryMapping.Resolved said =
        mapping.resolve(
            "svc-1", "org-1", List.of(new Term("types", "social-prescribing", "Social")));

    assertThat(said.kind()).isEqualTo(ServiceKind.LINK_WORKER_SERVICE);
    assertThat(said.acceptsReferrals()).isTrue();
    assertThat(said.pcn()).isEqualTo("U22222");
    assertThat(said.channels())
        .containsExactly(new ContactChannel(Channel.WEBHOOK, "https://x.example/h", "x"));
  }

  @Test
  void aTaxonomyRuleWithAVocabularyMatchesOnlyThatVocabulary() throws IOException {
    DirectoryMapping mapping =
        mapping(
            """
            rules:
              - taxonomy: {vocabulary: needs, code: loneliness}
                referrals: accepts
            """);

    assertThat(
            mapping
                .resolve("a", null, List.of(new Term("needs", "loneliness", null)))
                .acceptsReferrals())
        .isTrue();
    assertThat(
            mapping
                .resolve("b", null, List.of(new Term("other", "loneliness", null)))
                .acceptsReferrals())
        .isNull();
  }

  @Test
  void defaultsSpeakForWhatNoRuleSays() throws IOException {
    DirectoryMapping mapping =
        mapping(
            """
            defaults: {kind: community-group, referrals: accepts}
            """);

    assertThat(mapping.defaultKind()).isEqualTo(ServiceKind.COMMUNITY_GROUP);
    assertThat(mapping.defaultAcceptsReferrals()).isTrue();
    assertThat(DirectoryMapping.NONE.defaultAcceptsReferrals()).isFalse();
  }

  @Test
  void refusesAnImpossibleMappingNamingTheRule() throws IOException {
    assertThatThrownBy(
            () ->
                mapping(
                    """
                    rules:
                      - service: a
                        kind: link-worker-service
                      - service: b
                        kind: allotment
                    """))
        .hasMessageContaining("rules[1]")
        .hasMessageContaining("allotment");
    assertThatThrownBy(() -> mapping("rules: [{service: a, referrals: sometimes}]"))
        .hasMessageContaining("sometimes");
    assertThatThrownBy(
            () -> mapping("rules: [{service: a, channels: [{channel: pigeon, address: x}]}]"))
        .hasMessageContaining("pigeon");
  }
}
