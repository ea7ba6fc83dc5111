package org.pathway.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * What dev mode has started so far, stopped last first when start-up fails or when the JVM is told
 * to exit (Ctrl-C, SIGTERM) before start-up has finished: without it, services already started
 * outlive the JVM that started them and hold their ports against the next run. A signal stops them
 * before the JVM's shutdown hooks run, as after start-up ({@link #stopOnSignals}), so the embedded
 * PostgreSQL's own hook does not take the database from services still starting or stopping.
 */
final class Starting {

  private final List<AutoCloseable> started = new ArrayList<>();
  private final Thread onExit = new Thread(this::stopAll, "pathway-start-interrupted");
  private final Runnable restoreSignals;
  private volatile boolean signalled;
  private boolean stopped;

  /** Starts watching, with {@code first} already started. */
  Starting(AutoCloseable first) {
    started.add(first);
    Runtime.getRuntime().addShutdownHook(onExit);
    restoreSignals =
        stopOnSignals(
            () -> {
              signalled = true;
              System.out.println("Pathway: stopping before start-up finished");
              stopAll();
            });
  }

  /** Notes {@code resource} as started; stops it at once if everything was stopped meanwhile. */
  <T extends AutoCloseable> T add(T resource) {
    synchronized (this) {
      if (!stopped) {
        started.add(resource);
        return resource;
      }
    }
    closeAll(List.of(resource));
    return resource;
  }

  /** Stops everything started so far, last first; once. */
  void stopAll() {
    List<AutoCloseable> toStop;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      toStop = List.copyOf(started);
    }
    closeAll(toStop);
  }

  /**
   * Start-up failed: stops what has started. When a signal is stopping start-up, the failure is its
   * doing (a service it stopped is not ready): the caller waits here for the signal's exit rather
   * than report a failure the person did not have.
   */
  void failed() throws InterruptedException {
    if (signalled) {
      new CountDownLatch(1).await();
    }
    stopAll();
    handOver();
  }

  /** Start-up has finished: whoever holds the resources now stops them. */
  void handOver() {
    restoreSignals.run();
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException exiting) {
      // The JVM is already exiting: the hook runs and stops everything.
    }
  }

  /** Stops each resource of {@code startOrder}, last first, carrying on past failures. */
  static void closeAll(List<? extends AutoCloseable> startOrder) {
    for (int i = startOrder.size() - 1; i >= 0; i--) {
      AutoCloseable resource = startOrder.get(i);
      try {
        resource.close();
      } catch (Exception e) {
        System.err.println("Pathway: error stopping " + resource + ": " + e);
      }
    }
  }

  /**
   * Ctrl-C and {@code kill} stop the services, then what they depend on, before the JVM runs its
   * shutdown hooks: the embedded PostgreSQL registers a hook of its own, and the JVM runs every
   * hook at once, so a stop left to the hooks took the database away from services still stopping
   * (deliveries in flight then stayed in doubt, to be resent at the next start). A second signal
   * during the stop exits at once.
   *
   * @return what puts back the handlers these replaced
   */
  static Runnable stopOnSignals(Runnable stop) {
    Map<Signal, SignalHandler> replaced = new LinkedHashMap<>();
    for (String name : List.of("INT", "TERM")) {
      try {
        Signal signal = new Signal(name);
        replaced.put(
            signal,
            Signal.handle(
                signal,
                received -> {
                  stop.run();
                  System.exit(128 + received.getNumber());
                }));
      } catch (IllegalArgumentException unavailable) {
        // The JVM keeps this signal (-Xrs): the shutdown hook stops the platform.
      }
    }
    return () -> replaced.forEach(Signal::handle);
  }
}
