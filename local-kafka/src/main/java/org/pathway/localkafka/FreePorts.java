package org.pathway.localkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free ports for listeners this JVM sets up, never the same one twice: the operating system offers
 * each free port afresh, so ports asked for one at a time and bound later (a broker's listeners,
 * dev mode's services) may otherwise be given the same port.
 */
public final class FreePorts {

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  /** A port nothing listens on right now, not handed out before by this JVM. */
  public static int next() {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0)) {
        if (HANDED_OUT.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("no free port", e);
      }
    }
  }
}
