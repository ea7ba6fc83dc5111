package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each security rule of {@link ManifestRules} catches the manifest that breaks it. */
class ManifestRulesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final String EVERY_WRITER =
      """
      ---
      kind: KafkaUser
      metadata: {name: fhir-adapter}
      spec:
        authorization:
          acls:
            - resource: {type: topic, name: pathway.referral.events, patternType: literal}
              operations: [Write]
            - resource: {type: topic, name: pathway.directory.capacity, patternType: literal}
              operations: [Write]
            - resource: {type: topic, name: pathway.subscriptions, patternType: literal}
              operations: [Write]
            - resource: {type: topic, name: pathway.fhir-adapter.dlq, patternType: literal}
              operations: [Write]
      ---
      kind: KafkaUser
      metadata: {name: router}
      spec:
        authorization:
          acls:
            - resource: {type: topic, name: pathway.routing.decisions, patternType: literal}
              operations: [Write]
            - resource: {type: topic, name: pathway.notification.requests, patternType: literal}
              operations: [Write]
            - resource: {type: topic, name: pathway.router.dlq, patternType: literal}
              operations: [Write]
      ---
      kind: KafkaUser
      metadata: {name: notifier}
      spec:
        authorization:
          acls:
            - resource: {type: topic, name: pathway.notification.receipts, patternType: literal}
              operations: [Write]
            - resource: {type: topic, name: pathway.notifier.dlq, patternType: literal}
              operations: [Write]
      """;

  @Test
  void acceptsWriteForEachTopicsCatalogueWriter() throws IOException {
    assertThat(ManifestRules.writeGrantsOutsideTheCatalogue(documents(EVERY_WRITER))).isEmpty();
  }

  @Test
  void catchesWriteGrantedToAServiceThatIsNotTheTopicsWriter() throws IOException {
    String forged =
        EVERY_WRITER
            + """
            ---
            kind: KafkaUser
            metadata: {name: notifier}
            spec:
              authorization:
                acls:
                  - resource: {type: topic, name: pathway.referral.events}
                    operations: [Describe, Write]
            """;

    // Write without Read: not a replay to a topic the notifier consumes.
    assertThat(ManifestRules.writeGrantsOutsideTheCatalogue(documents(forged)))
        .containsExactly(
            "notifier may write pathway.referral.events, whose one writer is fhir-adapter");
  }

  @Test
  void acceptsAReplayWriteOnATopicTheServiceReadsButNotOnACompactedOrDeadLetterOne()
      throws IOException {
    String replays =
        EVERY_WRITER
            + """
            ---
            kind: KafkaUser
            metadata: {name: notifier}
            spec:
              authorization:
                acls:
                  - resource: {type: topic, name: pathway.notification.requests}
                    operations: [Read, Describe, Write]
                  - resource: {type: topic, name: pathway.subscriptions}
                    operations: [Read, Write]
                  - resource: {type: topic, name: pathway.router.dlq}
                    operations: [Read, Write]
            """;

    assertThat(ManifestRules.writeGrantsOutsideTheCatalogue(documents(replays)))
        .containsExactlyInAnyOrder(
            "notifier may write pathway.subscriptions, whose one writer is fhir-adapter",
            "notifier may write pathway.router.dlq, whose one writer is router");
  }

  @Test
  void catchesWriteByAPrefixAndAWriterLeftWithout() throws IOException {
    String prefixed =
        EVERY_WRITER.replace(
            "name: pathway.routing.decisions, patternType: literal",
            "name: pathway., patternType: prefix");

    assertThat(ManifestRules.writeGrantsOutsideTheCatalogue(documents(prefixed)))
        .containsExactlyInAnyOrder(
            "router may write every topic matching pathway.*",
            "router is not granted Write on pathway.routing.decisions");
  }

  @Test
  void catchesASecretWrittenInAWorkloadOrItsConfigMap() throws IOException {
    String workload =
        """
        ---
        kind: ConfigMap
        metadata: {name: app-config}
        data: {KAFKA_SASL_JAAS_CONFIG: "ScramLoginModule required password=x;"}
        ---
        kind: Deployment
        metadata: {name: app}
        spec:
          template:
            spec:
              volumes:
                - {name: keys, secret: {secretName: keys}}
                - {name: settings, configMap: {name: settings}}
              containers:
                - name: app
                  envFrom: [{configMapRef: {name: app-config}}]
                  volumeMounts:
                    - {name: keys, mountPath: /etc/keys}
                    - {name: settings, mountPath: /etc/settings}
                  env:
                    - {name: DATASOURCE_PASSWORD, value: hunter2}
                    - {name: ACCESS_SIGNING_KEY, value: /etc/keys/jwks.json}
                    - {name: OTHER_SIGNING_KEY, value: /etc/settings/jwks.json}
                    - name: NOTIFY_API_KEY
                      valueFrom: {secretKeyRef: {name: s, key: k}}
        """;

    assertThat(ManifestRules.literalSecretsInWorkloads(documents(workload)))
        .containsExactlyInAnyOrder(
            "app sets KAFKA_SASL_JAAS_CONFIG in the manifest instead of from a Secret",
            "app sets DATASOURCE_PASSWORD in the manifest instead of from a Secret",
            "app sets OTHER_SIGNING_KEY in the manifest instead of from a Secret");
  }

  @Test
  void catchesALiteralSecretInCompose() throws IOException {
    String compose =
        """
        services:
          app:
            environment:
              DATASOURCE_PASSWORD: hunter2
              SMTP_PASSWORD: ${SMTP_PASSWORD:?set it}
              ACCESS_SIGNING_KEY: /run/secrets/key.json
              DATASOURCE_USERNAME: app
        """;

    assertThat(ManifestRules.literalSecretsInCompose(documents(compose).get(0)))
        .containsExactly("app sets DATASOURCE_PASSWORD literally");
  }

  @Test
  void catchesAPortOpenBeyondLocalhostAndAMailSinkStartedByDefault() throws IOException {
    String compose =
        """
        services:
          app:
            ports: ["127.0.0.1:8080:8080", "9090:9090"]
          mail:
            image: mailhog/mailhog:v1.0.1
            ports: ["127.0.0.1:8025:8025"]
          greenmail:
            image: greenmail/standalone:2.1.3
            profiles: [dev-mail]
            ports: [{target: 3143, published: 3143}]
        """;

    assertThat(ManifestRules.openPortsAndMailSinksInCompose(documents(compose).get(0)))
        .containsExactlyInAnyOrder(
            "app publishes \"9090:9090\" beyond 127.0.0.1",
            "mail is a mail sink that starts by default",
            "greenmail publishes {\"target\":3143,\"published\":3143} beyond 127.0.0.1");
  }

  private static List<JsonNode> documents(String yaml) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(yaml)) {
      var values = YAML.readValues(parser, JsonNode.class);
      while (values.hasNext()) {
        JsonNode node = values.next();
        if (node != null && !node.isNull() && !node.isEmpty()) {
          documents.add(node);
        }
      }
    }
    return documents;
  }
}
