package org.pathway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.pathway.testsupport.webhook.WebhookReceiver;

/**
 * The demo directory for tests and benchmarks that count deliveries: the GP endpoints pointed at
 * the run's GP system and every email channel replaced by a signed webhook to a {@link
 * WebhookReceiver} at {@code /hooks/<service id>}, its secret named by reference as in production.
 * Webhooks make arrivals exact to time and to count, which a mailbox does not.
 */
public final class WebhookDirectory {

  private WebhookDirectory() {}

  /** Writes the directory under {@code data} and returns its path. */
  public static Path write(String gpBase, WebhookReceiver hooks, String secretRef, Path data)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode root =
        json.readTree(PathwayDev.devDirectory(PathwayDev.repositoryRoot(), gpBase, data).toFile());
    for (JsonNode service : root.path("contents")) {
      String id = service.path("id").asText();
      for (JsonNode attribute : service.path("attributes")) {
        JsonNode term = attribute.path("taxonomy_term");
        if ("pathway-channel".equals(term.path("vocabulary").asText())
            && "email".equals(term.path("code").asText())) {
          ((ObjectNode) term)
              .put("id", "pathway-channel/webhook")
              .put("code", "webhook")
              .put("name", "webhook");
          ((ObjectNode) attribute).put("value", hooks.url("/hooks/" + id)).put("label", secretRef);
        }
      }
    }
    Path out = data.resolve("webhook-directory.json");
    json.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
    return out;
  }
}
