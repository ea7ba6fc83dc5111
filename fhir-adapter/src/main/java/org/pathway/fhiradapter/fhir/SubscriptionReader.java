package org.pathway.fhiradapter.fhir;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;

/**
 * Reads a submitted R4 {@code Subscription}: criteria on the caller's Tasks ({@link
 * SubscriptionCriteria}), a {@code rest-hook} channel only, an endpoint Pathway may call (https
 * outside dev, an allowed host, no credentials in the URL: the notifier's outbound rule), payload
 * {@code application/fhir+json} or none, and header lines that are well formed. Every problem is
 * named by its element; nothing is written before this passes.
 */
public final class SubscriptionReader {

  /** The only payload Pathway sends: the Task as JSON. */
  public static final String FHIR_JSON = "application/fhir+json";

  private static final int MAX_HEADERS = 10;
  private static final int MAX_HEADER_LENGTH = 1024;
  private static final int MAX_ENDPOINT_LENGTH = 2048;
  private static final Pattern HEADER =
      Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}):[ \\t]*([\\x20-\\x7e]*)");
  private static final Set<String> RESERVED_HEADERS =
      Set.of("host", "content-length", "content-type", "transfer-encoding", "connection");

  /**
   * A Subscription as Pathway keeps it.
   *
   * @param criteria what it follows
   * @param endpoint where the rest-hook goes
   * @param payload {@link #FHIR_JSON}, or null for an empty ping
   * @param headers {@code Name: value} lines sent with each notification (a secret)
   * @param off whether the client sent status {@code off} (stop delivering)
   * @param reason why the client subscribes, as it said, or null
   */
  public record Submission(
      SubscriptionCriteria criteria,
      String endpoint,
      String payload,
      List<String> headers,
      boolean off,
      String reason) {

    public Submission {
      headers = List.copyOf(headers);
    }
  }

  private SubscriptionReader() {}

  /**
   * Reads {@code s}.
   *
   * @param allowHttp whether an http endpoint is accepted (dev mode)
   * @param allowedHosts hosts an endpoint may name; empty for any
   * @throws RequestRejectedException (invalid) naming the element at fault
   */
  public static Submission read(Subscription s, boolean allowHttp, List<String> allowedHosts) {
    SubscriptionStatus status = s.getStatus();
    if (status == SubscriptionStatus.ERROR) {
      throw invalid(
          "Subscription.status", "status must be requested, active or off; error is Pathway's");
    }
    SubscriptionCriteria criteria = SubscriptionCriteria.parse(s.getCriteria());
    var channel = s.getChannel();
    if (channel.getType() != SubscriptionChannelType.RESTHOOK) {
      throw invalid(
          "Subscription.channel.type",
          "only rest-hook channels are offered, not '"
              + (channel.getType() == null ? "" : channel.getType().toCode())
              + "'");
    }
    String endpoint = endpoint(channel.getEndpoint(), allowHttp, allowedHosts);
    String payload = channel.hasPayload() ? channel.getPayload().strip() : null;
    if (payload != null && !FHIR_JSON.equals(payload.toLowerCase(Locale.ROOT))) {
      throw invalid(
          "Subscription.channel.payload",
          "payload must be " + FHIR_JSON + " (the Task) or absent (an empty notification)");
    }
    List<StringType> lines = channel.getHeader();
    if (lines.size() > MAX_HEADERS) {
      throw invalid("Subscription.channel.header", "at most " + MAX_HEADERS + " headers");
    }
    List<String> headers = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      headers.add(header(lines.get(i).getValue(), "Subscription.channel.header[" + i + "]"));
    }
    return new Submission(
        criteria,
        endpoint,
        payload == null ? null : FHIR_JSON,
        headers,
        status == SubscriptionStatus.OFF,
        s.hasReason() ? s.getReason() : null);
  }

  private static String endpoint(String address, boolean allowHttp, List<String> allowedHosts) {
    String at = "Subscription.channel.endpoint";
    if (address == null || address.isBlank()) {
      throw invalid(at, "endpoint is required for a rest-hook");
    }
    if (address.length() > MAX_ENDPOINT_LENGTH) {
      throw invalid(at, "endpoint is longer than " + MAX_ENDPOINT_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(address.strip());
    } catch (URISyntaxException e) {
      throw invalid(at, "endpoint is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw invalid(at, "endpoint must be an absolute URL with a host");
    }
    if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
      throw invalid(at, "endpoint must be https");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid(at, "endpoint must not carry credentials; use channel.header");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(at, "endpoint is a base URL: no query or fragment");
    }
    if (!allowedHosts.isEmpty() && allowedHosts.stream().noneMatch(h -> onHost(h, uri))) {
      throw invalid(at, "host " + Issue.echo(uri.getHost()) + " is not one Pathway may call");
    }
    return uri.toString();
  }

  /**
   * Whether {@code uri} is on {@code host} ({@code name}, {@code name:port} or {@code *.domain}).
   */
  static boolean onHost(String host, URI uri) {
    String target = uri.getHost().toLowerCase(Locale.ROOT);
    String pattern = host.toLowerCase(Locale.ROOT);
    int colon = pattern.lastIndexOf(':');
    if (colon > 0) {
      int port =
          uri.getPort() != -1
              ? uri.getPort()
              : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      if (port != Integer.parseInt(pattern.substring(colon + 1))) {
        return false;
      }
      pattern = pattern.substring(0, colon);
    }
    return pattern.startsWith("*.")
        ? target.endsWith(pattern.substring(1))
        : target.equals(pattern);
  }

  private static String header(String line, String at) {
    if (line == null || line.length() > MAX_HEADER_LENGTH) {
      throw invalid(at, "a header is 'Name: value', at most " + MAX_HEADER_LENGTH + " characters");
    }
    var m = HEADER.matcher(line.strip());
    if (!m.matches()) {
      // The value is a secret: never repeated in a refusal.
      throw invalid(at, "a header is 'Name: value' in printable ASCII");
    }
    if (RESERVED_HEADERS.contains(m.group(1).toLowerCase(Locale.ROOT))) {
      throw invalid(at, "header " + m.group(1) + " is set by Pathway");
    }
    return m.group(1) + ": " + m.group(2).strip();
  }

  private static RequestRejectedException invalid(String expression, String message) {
    return new RequestRejectedException(
        RequestRejectedException.Reason.INVALID, new Issue(IssueType.VALUE, expression, message));
  }
}
