package org.pathway.fhiradapter.http;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.fhiradapter.fhir.InputLimits;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.Outcomes;

/**
 * Runs before HAPI sees a request (after {@link CorrelationFilter}): checks the X-Request-ID, and
 * applies {@link InputLimits} to the body so oversize, deeply nested or DTD-laden input is refused
 * before any full parse.
 */
final class RequestLimitFilter implements Filter {

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
      refuse(res, 413, limits.tooLarge(declared).issue());
      return;
    }
    byte[] body = readBounded(req.getInputStream(), limits.maxBytes());
    if (body == null) {
      refuse(res, 413, limits.tooLarge(limits.maxBytes() + 1L).issue());
      return;
    }
    var refusal = limits.check(body, req.getContentType());
    if (refusal.isPresent()) {
      refuse(res, Errors.status(refusal.get().reason()), refusal.get().issue());
      return;
    }
    chain.doFilter(new BufferedRequest(req, body), response);
  }

  /** The body, or null when it is longer than {@code max}. */
  private static byte[] readBounded(InputStream in, int max) throws IOException {
    byte[] bytes = in.readNBytes(max + 1);
    return bytes.length > max ? null : bytes;
  }

  private void refuse(HttpServletResponse res, int status, Issue issue) throws IOException {
    res.setStatus(status);
    res.setContentType("application/fhir+json;charset=utf-8");
    String body = fhir.newJsonParser().encodeResourceToString(Outcomes.errors(List.of(issue)));
    res.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }

  /** The request with its body already read, so HAPI parses what the limits checked. */
  private static final class BufferedRequest extends HttpServletRequestWrapper {
    private final byte[] body;

    BufferedRequest(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      var in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("blocking reads only");
        }

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String enc = getCharacterEncoding();
      return new BufferedReader(
          new InputStreamReader(
              new ByteArrayInputStream(body),
              enc == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(enc)));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
