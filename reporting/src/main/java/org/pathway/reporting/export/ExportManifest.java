package org.pathway.reporting.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Bulk Data completion manifest of a finished job: {@code transactionTime}, {@code request},
 * {@code requiresAccessToken} (always true: the files are served only to the job's evaluator with
 * its token), {@code output[]} ({@code type}, {@code url}, {@code count}) and {@code error[]}.
 */
public final class ExportManifest {

  private ExportManifest() {}

  /** The manifest; {@code fileBase} is the absolute URL the files are under. */
  public static Map<String, Object> of(ExportJob job, String fileBase) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("transactionTime", job.transactionTime().toString());
    m.put("request", job.request());
    m.put("requiresAccessToken", true);
    List<Map<String, Object>> output = new ArrayList<>();
    job.files()
        .forEach(
            (type, text) -> {
              Map<String, Object> o = new LinkedHashMap<>();
              o.put("type", type);
              o.put("url", fileBase + "/" + fileName(type, job.format()));
              o.put("count", rows(text, job.format()));
              output.add(o);
            });
    m.put("output", output);
    m.put("error", List.of());
    return m;
  }

  /** A file's name in its job: the type and the format's extension. */
  public static String fileName(String type, ExportFiles.Format format) {
    return type + "." + format.extension();
  }

  private static long rows(String text, ExportFiles.Format format) {
    long lines = text.lines().count();
    return format == ExportFiles.Format.CSV ? Math.max(0, lines - 1) : lines;
  }
}
