package org.pathway.reporting.http;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import org.pathway.reporting.config.PeersConfig;
import org.pathway.reporting.peers.PeerAnswer;
import org.pathway.reporting.peers.PeerClient;
import org.pathway.reporting.peers.PeerSignature;
import org.pathway.reporting.streams.JourneyStreams;

/**
 * {@code GET /peer/journeys}: this instance's journeys, for another reporting instance only (a call
 * signed with the instances' shared secret, {@link PeerSignature}). Journeys are per person, so no
 * user's token opens it; a refusal is audited. Answers 404 when this instance has no peers.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public final class PeerController {

  private final JourneyStreams streams;
  private final PeerSignature signature;
  private final RefusalAudit audit;
  private final Clock clock = Clock.systemUTC();

  PeerController(JourneyStreams streams, PeersConfig config, RefusalAudit audit) {
    this.streams = streams;
    this.signature = config.enabled() ? new PeerSignature(config.secret()) : null;
    this.audit = audit;
  }

  @Get(value = PeerClient.PATH, produces = MediaType.APPLICATION_OCTET_STREAM)
  HttpResponse<byte[]> journeys(HttpRequest<?> request) {
    if (signature == null) {
      return HttpResponse.notFound();
    }
    String problem =
        signature.problem(
            request.getHeaders().get(PeerSignature.HEADER), PeerClient.PATH, clock.instant());
    if (problem != null) {
      audit.refused(request.getMethodName(), request.getPath(), 401, problem, null);
      return HttpResponse.<byte[]>status(HttpStatus.UNAUTHORIZED)
          .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
    JourneyStreams.Local local;
    try {
      local = streams.local();
    } catch (JourneyStreams.NotReadyException e) {
      return HttpResponse.<byte[]>status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5");
    }
    PeerAnswer answer = new PeerAnswer(local.partitions(), local.journeys());
    return HttpResponse.ok(answer.body())
        .header(PeerAnswer.PARTITIONS, answer.partitionsHeader())
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE);
  }
}
