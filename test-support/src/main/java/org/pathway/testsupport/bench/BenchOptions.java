package org.pathway.testsupport.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A benchmark program's arguments: {@code name=value}, one or several to an argument (as {@code
 * -Dexec.args} passes them), and a bare {@code name} meaning {@code name=true}.
 */
public final class BenchOptions {

  private BenchOptions() {}

  /** The arguments by name, in the order given. */
  public static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (String arg : args) {
      for (String part : arg.trim().split("\\s+")) {
        if (part.isEmpty()) {
          continue;
        }
        int eq = part.indexOf('=');
        if (eq < 0) {
          opts.put(part, "true");
        } else if (eq > 0) {
          opts.put(part.substring(0, eq), part.substring(eq + 1));
        }
      }
    }
    return opts;
  }
}
