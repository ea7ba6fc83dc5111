package org.pathway.deploy.bench;

import java.util.HashMap;
import java.util.Map;

/** A benchmark program's {@code name=value} arguments, one or several to an argument. */
final class BenchOptions {

  private BenchOptions() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (String arg : args) {
      for (String part : arg.trim().split("\\s+")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          opts.put(part.substring(0, eq), part.substring(eq + 1));
        }
      }
    }
    return opts;
  }
}
