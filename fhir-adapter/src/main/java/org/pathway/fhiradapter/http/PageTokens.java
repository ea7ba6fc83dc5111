package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.RequestRejectedException;
import org.pathway.fhiradapter.ledger.TaskCursor;

/**
 * The {@code _page_token} of a Task search's {@code next} link: where the page before ended, opaque
 * to the client (as Google Cloud Healthcare's {@code _page_token} and Azure's {@code ct}). Decoded
 * it names only a change time and a Task id; the search it continues is run again for the caller
 * with its own visibility, so a token altered or passed to someone else reveals nothing.
 */
final class PageTokens {

  /** The search parameter carrying the token. */
  static final String PARAM = "_page_token";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9.-]{1,64}");

  private PageTokens() {}

  static String encode(TaskCursor cursor) {
    Instant at = cursor.lastUpdated();
    String plain = at.getEpochSecond() + "." + at.getNano() + "." + cursor.id();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor a token names; 400 naming the parameter for anything this server did not issue. */
  static TaskCursor decode(String token) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = plain.split("\\.", 3);
      if (parts.length == 3 && ID.matcher(parts[2]).matches()) {
        return new TaskCursor(
            Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
      }
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      // falls through to the refusal
    }
    throw new RequestRejectedException(
        RequestRejectedException.Reason.MALFORMED,
        new Issue(
            IssueType.INVALID,
            PARAM,
            PARAM + " is not a page token this server issued: follow the search's next link"));
  }

  /**
   * The search as asked, every parameter kept (sorted by name, as HAPI writes the self link) but
   * the token, with {@code token} added: the {@code next} link.
   */
  static String nextLink(RequestDetails request, String token) {
    StringBuilder url =
        new StringBuilder(request.getFhirServerBase())
            .append('/')
            .append(request.getRequestPath())
            .append('?');
    Map<String, String[]> params = new TreeMap<>(request.getParameters());
    params.remove(PARAM);
    params.forEach(
        (name, values) -> {
          for (String v : values) {
            url.append(encode(name)).append('=').append(encode(v)).append('&');
          }
        });
    return url.append(PARAM).append('=').append(token).toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
