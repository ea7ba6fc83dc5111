package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.Outcomes;
import org.pathway.fhiradapter.ledger.PageCursor;

/**
 * The {@code _page_token} of a search's {@code next} link: where the page before ended, opaque to
 * the client (as Google Cloud Healthcare's {@code _page_token} and Azure's {@code ct}). Decoded it
 * names only a time and a row's id; the search it continues is run again for the caller with its
 * own visibility and rights, so a token altered or passed to someone else reveals nothing.
 */
final class PageTokens {

  /** The search parameter carrying the token. */
  static final String PARAM = "_page_token";

  /** The ids a token may name: a resource's (a Task's), or a row number (an audit record's). */
  static final Pattern RESOURCE_IDS = Pattern.compile("[A-Za-z0-9.-]{1,64}");

  static final Pattern ROW_NUMBERS = Pattern.compile("[0-9]{1,18}");

  private PageTokens() {}

  static String encode(PageCursor cursor) {
    Instant at = cursor.at();
    String plain = at.getEpochSecond() + "." + at.getNano() + "." + cursor.id();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The cursor a token names, its id one of {@code ids}; 400 naming the parameter for anything this
   * server did not issue.
   */
  static PageCursor decode(String token, Pattern ids) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = plain.split("\\.", 3);
      if (parts.length == 3 && ids.matcher(parts[2]).matches()) {
        return new PageCursor(
            Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
      }
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      // falls through to the refusal
    }
    String why = PARAM + " is not a page token this server issued: follow the search's next link";
    throw new InvalidRequestException(
        why, Outcomes.errors(List.of(new Issue(IssueType.INVALID, PARAM, why))));
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
