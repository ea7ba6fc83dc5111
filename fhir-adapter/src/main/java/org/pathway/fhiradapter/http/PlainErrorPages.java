package org.pathway.fhiradapter.http;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a path outside {@code /fhir}, a malformed request line, a failure in a
 * filter) as a bare OperationOutcome: status only, no server name or version, no stack, no message
 * from inside.
 */
final class PlainErrorPages extends ErrorHandler {

  private static final String TYPE = "application/fhir+json;charset=utf-8";

  @Override
  protected boolean generateAcceptableResponse(
      Request request,
      Response response,
      Callback callback,
      String contentType,
      List<Charset> charsets,
      int code,
      String message,
      Throwable cause) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, TYPE);
    response.write(true, ByteBuffer.wrap(body(code)), callback);
    return true;
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, TYPE);
    return ByteBuffer.wrap(body(status));
  }

  private static byte[] body(int code) {
    String text = code + " " + HttpStatus.getMessage(code);
    String issueCode = code == 404 ? "not-found" : code >= 500 ? "exception" : "processing";
    return ("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
            + issueCode
            + "\",\"diagnostics\":\""
            + text
            + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
