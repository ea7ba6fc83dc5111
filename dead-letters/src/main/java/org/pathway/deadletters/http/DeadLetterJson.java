package org.pathway.deadletters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.pathway.deadletters.desk.Handling;
import org.pathway.deadletters.inbox.DeadLetterEntry;
import org.pathway.deadletters.inbox.DeadLetterInbox;
import org.pathway.deadletters.ledger.AuditEntry;
import org.pathway.deadletters.office.DeadLetterOffice;
import org.pathway.events.serde.EventDeserializer;

/** The API's JSON: dead letters listed and shown (decoded where Pathway's serde can), handlings. */
final class DeadLetterJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HEX_LIMIT = 4096;

  private final EventDeserializer deserializer = new EventDeserializer();

  ObjectNode page(DeadLetterOffice office, DeadLetterOffice.Page page) {
    ObjectNode out = JSON.createObjectNode();
    out.put("service", office.service().id());
    out.put("topic", office.topic());
    out.put("total", page.total());
    out.put("offset", page.offset());
    out.put("limit", page.limit());
    ArrayNode items = out.putArray("deadLetters");
    for (DeadLetterEntry e : page.deadLetters()) {
      items.add(summary(e));
    }
    return out;
  }

  ObjectNode summary(DeadLetterEntry e) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", e.id());
    n.put("time", e.time().toString());
    n.put("key", e.key());
    n.put("reason", e.reason());
    n.put("source", e.source());
    n.put("by", e.by());
    n.put("partition", e.partition());
    n.put("offset", e.offset());
    return n;
  }

  ObjectNode shown(DeadLetterEntry e, Optional<Handling> handling) {
    ObjectNode n = summary(e);
    ObjectNode headers = n.putObject("headers");
    for (DeadLetterEntry.Header h : e.headers()) {
      headers.put(h.name(), DeadLetterInbox.text(h.value()));
    }
    n.set("value", value(e));
    handling.ifPresent(h -> n.set("handled", handling(h)));
    return n;
  }

  ObjectNode handling(Handling h) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", h.deadLetterId());
    n.put("action", h.action().name().toLowerCase(java.util.Locale.ROOT));
    n.put("operator", h.operator());
    n.put("at", h.at().toString());
    n.put("reason", h.reason());
    if (h.replayId() != null) {
      n.put("replayId", h.replayId());
      n.put("replayedTo", h.replayedTo());
    }
    return n;
  }

  ObjectNode audit(List<AuditEntry> entries) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode items = out.putArray("audit");
    for (AuditEntry a : entries) {
      ObjectNode n = items.addObject();
      n.put("at", a.at().toString());
      n.put("operator", a.operator());
      n.put("action", a.action());
      n.put("deadLetter", a.deadLetterId());
      n.put("outcome", a.outcome());
      n.put("detail", a.detail());
    }
    return out;
  }

  static ObjectNode error(int status, String description) {
    ObjectNode n = JSON.createObjectNode();
    n.put("status", status);
    n.put("error_description", description);
    return n;
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode read(String body) {
    if (body == null || body.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * The value decoded by Pathway's serde into JSON where it decodes; otherwise why not, with the
   * bytes as base64 and (the first 4 KiB) as hex.
   */
  private ObjectNode value(DeadLetterEntry e) {
    ObjectNode n = JSON.createObjectNode();
    if (e.value() == null) {
      n.put("encoding", "none");
      return n;
    }
    n.put("size", e.value().length);
    try {
      RecordHeaders headers = new RecordHeaders();
      e.headers().forEach(h -> headers.add(h.name(), h.value()));
      SpecificRecord decoded = deserializer.deserialize(e.source(), headers, e.value());
      if (decoded != null) {
        n.put("encoding", "pathway-event");
        n.put("type", decoded.getSchema().getFullName());
        String text = decoded.toString();
        try {
          n.set("event", JSON.readTree(text));
        } catch (Exception notJson) {
          n.put("eventText", text);
        }
        return n;
      }
    } catch (RuntimeException undecodable) {
      n.put("undecodable", String.valueOf(undecodable.getMessage()));
    }
    n.put("encoding", "bytes");
    n.put("base64", Base64.getEncoder().encodeToString(e.value()));
    byte[] head =
        e.value().length <= HEX_LIMIT ? e.value() : java.util.Arrays.copyOf(e.value(), HEX_LIMIT);
    n.put("hex", HexFormat.of().formatHex(head));
    return n;
  }
}
