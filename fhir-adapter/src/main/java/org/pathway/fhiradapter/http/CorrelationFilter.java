package org.pathway.fhiradapter.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.pathway.fhiradapter.ids.RandomUuids;

/**
 * First in the chain: settles the correlation id (the caller's, if it is a safe id, or a new one),
 * echoes it, and leaves it on the request, so every later refusal (401, 429, 413) and every audit
 * record carries it.
 */
final class CorrelationFilter implements Filter {

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    var req = (HttpServletRequest) request;
    var res = (HttpServletResponse) response;
    String correlation = req.getHeader(Headers.CORRELATION_ID);
    if (correlation == null || !Headers.SAFE_ID.matcher(correlation.trim()).matches()) {
      correlation = RandomUuids.nextString();
    } else {
      correlation = correlation.trim();
    }
    req.setAttribute(Headers.CORRELATION_ATTRIBUTE, correlation);
    res.setHeader(Headers.CORRELATION_ID, correlation);
    chain.doFilter(request, response);
  }
}
