package org.pathway.fhiradapter.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * A FHIR answer as HAPI writes it, with the writer's and stream's {@code flush} kept from reaching
 * Jetty. HAPI's JSON writer flushes after every string it writes (it hands each to Jackson's {@code
 * ObjectMapper}, which flushes after every value), and Jetty sends whatever a flush finds: an
 * answer left as one socket write and one chunk per string. Kept back, the answer collects in
 * Jetty's buffer and leaves when HAPI closes it, in one piece with its {@code Content-Length} when
 * it fits the buffer; a larger one still leaves each time the buffer fills, so nothing more is held
 * in memory than before. {@link #flushBuffer()} still flushes: only the writer's pass-through is
 * held.
 */
final class WholeAnswers extends HttpServletResponseWrapper {

  private PrintWriter writer;
  private ServletOutputStream stream;

  WholeAnswers(HttpServletResponse response) {
    super(response);
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (writer == null) {
      writer =
          new PrintWriter(
              new FilterWriter(super.getWriter()) {
                @Override
                public void flush() {
                  // Held until close (see the class comment).
                }
              });
    }
    return writer;
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (stream == null) {
      stream = new HeldFlushes(super.getOutputStream());
    }
    return stream;
  }

  /** The response's stream, its flushes held until close. */
  private static final class HeldFlushes extends ServletOutputStream {
    private final ServletOutputStream out;

    HeldFlushes(ServletOutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void flush() {
      // Held until close (see the class comment).
    }

    @Override
    public void close() throws IOException {
      out.close();
    }

    @Override
    public boolean isReady() {
      return out.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      out.setWriteListener(listener);
    }
  }
}
