package org.pathway.fhiradapter.http;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.fhiradapter.fhir.BodyFormat;
import org.pathway.fhiradapter.fhir.ContentDecoding;
import org.pathway.fhiradapter.fhir.InputLimits;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.Outcomes;
import org.pathway.fhiradapter.fhir.RequestRejectedException;

/**
 * Runs before HAPI sees a request (after {@link CorrelationFilter}): checks the X-Request-ID, and
 * applies {@link InputLimits} to the body so oversize, deeply nested, DTD-laden, compressed-bomb or
 * non-UTF-8 input is refused before any full parse. HAPI then gets the decoded body it was judged
 * on ({@link DecodedRequest}).
 */
final class RequestLimitFilter implements Filter {

  /**
   * How much of a body refused for its size is read and thrown away before answering: a client
   * still sending when the server answers and closes may lose the answer to a reset, and see no 413
   * at all. A body declared larger than the limit and this together is not waited for.
   */
  static final long DRAIN_LIMIT = 1024 * 1024;

  private final InputLimits limits;
  private final FhirContext fhir;

  RequestLimitFilter(InputLimits limits, FhirContext fhir) {
    this.limits = limits;
    this.fhir = fhir;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    var req = (HttpServletRequest) request;
    var res = (HttpServletResponse) response;
    String requestId = req.getHeader(Headers.REQUEST_ID);
    if (requestId != null && !Headers.SAFE_ID.matcher(requestId.trim()).matches()) {
      refuse(
          res,
          400,
          new Issue(IssueType.VALUE, null, "X-Request-ID must be 1-128 of [A-Za-z0-9._:-]"));
      return;
    }
    String method = req.getMethod();
    if (!"POST".equals(method) && !"PUT".equals(method) && !"PATCH".equals(method)) {
      chain.doFilter(request, response);
      return;
    }
    long declared = req.getContentLengthLong();
    if (declared > limits.maxBytes()) {
      if (declared <= limits.maxBytes() + DRAIN_LIMIT) {
        drain(req.getInputStream(), declared);
      }
      refuse(res, 413, limits.tooLarge(declared).issue());
      return;
    }
    HttpServletRequest checked;
    try {
      checked = admit(req);
    } catch (RequestRejectedException e) {
      refuse(res, Errors.status(e.reason()), e.issues().get(0));
      return;
    }
    chain.doFilter(checked, response);
  }

  /**
   * The request to hand on: its body decoded and checked, or the request itself for a form.
   *
   * @throws RequestRejectedException when the body breaks a limit
   */
  private HttpServletRequest admit(HttpServletRequest req) throws IOException {
    String contentType = req.getContentType();
    if (contentType == null || contentType.isBlank()) {
      byte[] raw = readBounded(req.getInputStream(), limits.maxBytes());
      if (raw.length == 0) {
        // An operation called without a body; HAPI answers it as it sees fit.
        return new DecodedRequest(req, raw, null);
      }
    }
    BodyFormat format = BodyFormat.of(contentType);
    String encoding = req.getHeader("Content-Encoding");
    if (format == BodyFormat.FORM) {
      // A form (POST _search) is left for the servlet container to read under its own form
      // limits once its size passed; a compressed form is never expected.
      if (!ContentDecoding.isIdentity(encoding)) {
        throw ContentDecoding.unsupported(encoding);
      }
      return req;
    }
    byte[] raw = readBounded(req.getInputStream(), limits.maxBytes());
    return new DecodedRequest(req, limits.admit(raw, format, encoding), format);
  }

  /**
   * The body, at most {@code max} bytes.
   *
   * @throws RequestRejectedException (too large) when there is more
   */
  private byte[] readBounded(InputStream in, int max) throws IOException {
    byte[] bytes = in.readNBytes(max + 1);
    if (bytes.length > max) {
      drain(in, DRAIN_LIMIT);
      throw new RequestRejectedException(
          RequestRejectedException.Reason.TOO_LARGE, limits.tooLarge(max + 1L).issue());
    }
    return bytes;
  }

  /**
   * Discards at most {@code limit} more bytes of a refused body, stopping where the client stopped;
   * nothing is parsed.
   */
  private static void drain(InputStream in, long limit) throws IOException {
    byte[] sink = new byte[8192];
    long left = limit;
    while (left > 0) {
      int n = in.read(sink, 0, (int) Math.min(sink.length, left));
      if (n < 0) {
        return;
      }
      left -= n;
    }
  }

  private void refuse(HttpServletResponse res, int status, Issue issue) throws IOException {
    res.setStatus(status);
    res.setContentType("application/fhir+json;charset=utf-8");
    String body = fhir.newJsonParser().encodeResourceToString(Outcomes.errors(List.of(issue)));
    res.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }
}
