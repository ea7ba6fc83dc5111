package org.pathway.notifier.channel.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import org.apache.http.client.HttpClient;
import org.apache.http.client.methods.HttpEntityEnclosingRequestBase;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpPut;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.util.EntityUtils;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.IdentifierSystems;
import org.pathway.notifier.channel.Outbound;
import org.pathway.notifier.channel.OutboundPolicy;
import org.pathway.notifier.channel.SendFailure;
import org.pathway.notifier.channel.Sent;

/**
 * A FHIR R4 Subscription's rest-hook, as R4 defines it: with payload {@code application/fhir+json}
 * the Task is sent as an update, {@code PUT [endpoint]/Task/[id]}; without a payload an empty
 * {@code POST [endpoint]}. The subscriber's own header lines go with it, and nothing else of theirs
 * is needed: no secret reference, no directory entry. The Task is the subscriber's view of it —
 * status, business status, reason, owner, requester, focus — never the person. The endpoint passes
 * the same {@link OutboundPolicy} as every directory URL and redirects are never followed (they
 * would carry the headers elsewhere). Delivered through the FHIR channel, so retries, dead letters
 * and receipts are those of every channel; an update sets absolute values, so a resend is harmless.
 */
final class RestHookSender {

  private final FhirContext fhir;
  private final OutboundPolicy policy;
  private final HttpClient http;

  RestHookSender(FhirContext fhir, OutboundPolicy policy, HttpClient http) {
    this.fhir = fhir;
    this.policy = policy;
    this.http = http;
  }

  Sent send(Outbound out) throws SendFailure {
    NotificationRequested r = out.request();
    URI endpoint = policy.destination(r.getRecipient().getAddress());
    Map<String, String> fields = out.message().fields();
    HttpEntityEnclosingRequestBase request;
    String what;
    if (fields.get("subscriptionPayload") != null) {
      String base = endpoint.toString().replaceAll("/+$", "");
      request = new HttpPut(URI.create(base + "/Task/" + r.getTaskId()));
      byte[] body =
          fhir.newJsonParser()
              .encodeResourceToString(task(r.getTaskId(), fields))
              .getBytes(StandardCharsets.UTF_8);
      request.setEntity(
          new ByteArrayEntity(body, ContentType.create("application/fhir+json", "UTF-8")));
      what = "Task/" + r.getTaskId();
    } else {
      request = new HttpPost(endpoint);
      what = "ping";
    }
    String headers = fields.get("subscriptionHeaders");
    if (headers != null) {
      for (String line : headers.split("\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          request.addHeader(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
      }
    }
    request.setHeader("X-Correlation-ID", r.getEnvelope().getCorrelationId());
    request.setHeader("X-Request-ID", r.getIdempotencyKey());
    int status;
    try {
      var response = http.execute(request);
      status = response.getStatusLine().getStatusCode();
      EntityUtils.consumeQuietly(response.getEntity());
    } catch (IOException e) {
      throw SendFailure.transientFailure(
          "subscription endpoint unreachable or silent: " + e.getClass().getSimpleName(), e);
    }
    // The subscriber's header values are secrets: no message here ever names them.
    if (status >= 200 && status < 300) {
      return new Sent("rest-hook " + what + " -> " + status);
    }
    String error = "subscription endpoint answered " + status;
    if (status >= 300 && status < 400) {
      throw SendFailure.permanentFailure(
          error + " (redirects are not followed with headers)", null);
    }
    if (status >= 500 || status == 408 || status == 429 || status == 409 || status == 412) {
      throw SendFailure.transientFailure(error, null);
    }
    throw SendFailure.permanentFailure(error, null);
  }

  /** The Task as the subscriber may read it, from the request's allowlisted fields. */
  static Task task(String taskId, Map<String, String> fields) {
    Task task = new Task();
    task.setId(taskId);
    if (fields.get("taskVersion") != null) {
      task.getMeta().setVersionId(fields.get("taskVersion"));
    }
    task.addIdentifier().setSystem(IdentifierSystems.TASK_ID).setValue(taskId);
    task.setIntent(Task.TaskIntent.ORDER);
    try {
      task.setStatus(Task.TaskStatus.fromCode(fields.get("taskStatus")));
    } catch (Exception e) {
      throw new IllegalArgumentException("unknown Task status '" + fields.get("taskStatus") + "'");
    }
    String business = fields.get("businessStatus");
    if (business != null) {
      task.setBusinessStatus(
          new CodeableConcept()
              .addCoding(new Coding(CodeSystems.TASK_BUSINESS_STATUS, business, null)));
    }
    if (fields.get("statusReason") != null || fields.get("statusReasonCode") != null) {
      task.setStatusReason(
          GpTaskCopy.statusReason(fields.get("statusReason"), fields.get("statusReasonCode")));
    }
    if (fields.get("taskOwner") != null) {
      task.setOwner(new Reference(fields.get("taskOwner")));
    }
    if (fields.get("taskRequester") != null) {
      task.setRequester(new Reference(fields.get("taskRequester")));
    }
    if (fields.get("taskFocus") != null) {
      task.setFocus(new Reference(fields.get("taskFocus")));
    }
    task.setLastModified(new Date());
    return task;
  }
}
