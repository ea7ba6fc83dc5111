package org.pathway.fhiradapter.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * B1's load: an open-loop constant rate of POSTs over plain HTTP/1.1 keep-alive connections, one
 * per thread, each request written whole and its answer read whole. Slot {@code i} is due at {@code
 * t0 + i/rate} whatever happened before, and latency runs from it, so a stalled server is not
 * hidden (no coordinated omission).
 *
 * <p>Lean on purpose, as wrk is: the generator shares two cores with the server it measures. With
 * the JDK's {@code HttpClient} (its selector and executor threads could not be told apart from the
 * server's) the bare echo cost 660–910 µs of this JVM's CPU a request. Here each thread's own CPU
 * time is measured, and reported apart from the server's.
 */
final class OpenLoop {

  private static final double P99_LIMIT_MS = 100;
  private static final int TIMEOUT_MILLIS = 10_000;

  /**
   * One step's result.
   *
   * @param cpu the CPU of this JVM (generator included) and PostgreSQL during the step
   * @param generatorNanos the CPU of the generator's own threads during the step
   */
  record Run(
      String endpoint,
      int rate,
      long sent,
      long ok,
      long errors,
      double seconds,
      double p50,
      double p99,
      CpuUse cpu,
      long generatorNanos) {

    double achieved() {
      return ok / seconds;
    }

    /** B1's bar: no errors, p99 under 100 ms, and at least 95 % of the offered rate answered. */
    boolean sustained() {
      return errors == 0 && p99 < P99_LIMIT_MS && achieved() >= 0.95 * rate;
    }

    /** Microseconds of the server side's JVM CPU (the JVM's less the generator's) per 2xx. */
    double serverMicrosPerOk() {
      return ok == 0 ? 0 : (cpu.jvmNanos() - generatorNanos) / 1e3 / ok;
    }

    /** Microseconds of the generator's CPU per 2xx. */
    double generatorMicrosPerOk() {
      return ok == 0 ? 0 : generatorNanos / 1e3 / ok;
    }
  }

  private OpenLoop() {}

  /** Offers {@code rate} POSTs a second of {@code bodies} to {@code url} for {@code seconds}. */
  static Run run(
      String endpoint,
      String url,
      String authorization,
      Supplier<String> bodies,
      int rate,
      int seconds,
      int connections)
      throws InterruptedException {
    URI target = URI.create(url);
    long total = (long) rate * seconds;
    var histogram = new ConcurrentHistogram(3);
    AtomicLong next = new AtomicLong();
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong generatorNanos = new AtomicLong();
    long interval = 1_000_000_000L / rate;
    long t0 = System.nanoTime() + 50_000_000L;
    CpuUse cpuBefore = CpuUse.now();
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    for (int c = 0; c < connections; c++) {
      pool.submit(
          () -> {
            var threads = ManagementFactory.getThreadMXBean();
            long cpuFrom = threads.getCurrentThreadCpuTime();
            Connection connection = null;
            long i;
            while ((i = next.getAndIncrement()) < total) {
              long due = t0 + i * interval;
              long wait = due - System.nanoTime();
              if (wait > 0) {
                LockSupport.parkNanos(wait);
              }
              try {
                if (connection == null || !connection.reusable()) {
                  Connection.closeQuietly(connection);
                  connection = new Connection(target);
                }
                int status = connection.post(target, authorization, bodies.get());
                (status / 100 == 2 ? ok : errors).incrementAndGet();
              } catch (IOException | RuntimeException e) {
                errors.incrementAndGet();
                connection = Connection.closeQuietly(connection);
              }
              histogram.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
            }
            Connection.closeQuietly(connection);
            generatorNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpuFrom);
          });
    }
    pool.shutdown();
    pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    CpuUse cpu = CpuUse.now().since(cpuBefore);
    return new Run(
        endpoint,
        rate,
        total,
        ok.get(),
        errors.get(),
        elapsed,
        histogram.getValueAtPercentile(50) / 1000.0,
        histogram.getValueAtPercentile(99) / 1000.0,
        cpu,
        generatorNanos.get());
  }

  /** One keep-alive HTTP/1.1 connection: a request written whole, its answer read whole. */
  private static final class Connection {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean open = true;

    Connection(URI target) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), TIMEOUT_MILLIS);
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      out = socket.getOutputStream();
    }

    /** False once the server said it closes the connection after its answer. */
    boolean reusable() {
      return open;
    }

    /** POSTs {@code body} and returns the status, having read the whole answer. */
    int post(URI target, String authorization, String body) throws IOException {
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head =
          new StringBuilder(256)
              .append("POST ")
              .append(target.getRawPath())
              .append(" HTTP/1.1\r\nHost: ")
              .append(target.getHost())
              .append(':')
              .append(target.getPort())
              .append("\r\nContent-Type: application/fhir+json\r\n");
      if (authorization != null) {
        head.append("Authorization: ").append(authorization).append("\r\n");
      }
      head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(content);
      out.flush();
      return readAnswer();
    }

    private int readAnswer() throws IOException {
      String statusLine = line();
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP answer: " + statusLine);
      }
      int status = Integer.parseInt(parts[1]);
      long length = -1;
      boolean chunked = false;
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> open = !"close".equalsIgnoreCase(value);
          default -> {
            // not needed to read the answer
          }
        }
      }
      if (chunked) {
        for (long size = Long.parseLong(line().split(";")[0].trim(), 16);
            size > 0;
            size = Long.parseLong(line().split(";")[0].trim(), 16)) {
          skip(size);
          line();
        }
        while (!line().isEmpty()) {
          // trailers
        }
      } else if (length > 0) {
        skip(length);
      }
      return status;
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder(64);
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("the server closed the connection mid-answer");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }

    private void skip(long n) throws IOException {
      long left = n;
      while (left > 0) {
        long skipped = in.skip(left);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new IOException("the server closed the connection mid-body");
          }
          skipped = 1;
        }
        left -= skipped;
      }
    }

    static Connection closeQuietly(Connection c) {
      if (c != null) {
        try {
          c.socket.close();
        } catch (IOException e) {
          // a connection given up on
        }
      }
      return null;
    }
  }
}
