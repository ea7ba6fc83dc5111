package org.pathway.deploy.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.pathway.testsupport.process.ServiceJvm;

/**
 * The physical probes benchmarks.md asks every report to carry, so a reader can tell a slow or busy
 * machine from slow code.
 */
final class Probes {

  private Probes() {}

  static void print(Path scratch) {
    System.out.println("cores (nproc): " + run(List.of("nproc")));
    System.out.println("load average at start: " + loadAverage());
    System.out.println("memory: " + meminfo("MemTotal") + " total, " + meminfo("MemAvailable"));
    System.out.println("synchronous 4 KiB writes (dd oflag=dsync, 2000): " + dd(scratch));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    System.out.println(
        "JVM: "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + java
            + ")");
    System.out.println(
        "child JVM flags (services and hello world alike): "
            + String.join(" ", ServiceJvm.JVM_FLAGS)
            + "; heap ceiling "
            + maxHeap(java));
    System.out.println(
        "class-data sharing (ServiceJvm, services and hello world alike): "
            + (Boolean.getBoolean(ServiceJvm.CLASS_DATA_SHARING_PROPERTY)
                ? "on: each module's archive written by its warm-up start's clean exit, then mapped"
                : "off (cds=false)"));
    System.out.println(
        "load generator: in this (Maven) JVM beside the in-process broker, not pinned to a core");
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "unavailable";
    }
  }

  private static String meminfo(String key) {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(l -> l.startsWith(key + ":"))
          .map(l -> key + " " + Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 + " MB")
          .findFirst()
          .orElse(key + " ?");
    } catch (Exception e) {
      return key + " unavailable";
    }
  }

  private static String dd(Path scratch) {
    Path file = scratch.resolve("dd-probe.bin");
    String out =
        run(List.of("dd", "if=/dev/zero", "of=" + file, "bs=4k", "count=2000", "oflag=dsync"));
    try {
      Files.deleteIfExists(file);
    } catch (Exception e) {
      // a leftover scratch file is harmless
    }
    String[] lines = out.split("\n");
    return lines[lines.length - 1];
  }

  /** The heap ceiling the JVM chooses for the children's flags on this machine. */
  private static String maxHeap(String java) {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(ServiceJvm.JVM_FLAGS);
    command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
    return run(command)
        .lines()
        .filter(l -> l.contains(" MaxHeapSize "))
        .map(
            l ->
                "MaxHeapSize "
                    + Long.parseLong(l.replaceAll(".*= *([0-9]+).*", "$1")) / (1 << 20)
                    + " MB")
        .findFirst()
        .orElse("MaxHeapSize unknown");
  }

  /**
   * Heap and metaspace of a running JVM from {@code jcmd GC.heap_info}, to tell heap the collector
   * kept from memory the program needs, when an RSS figure is read.
   */
  static String heapInfo(long pid) {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    String out = run(List.of(jcmd, "" + pid, "GC.heap_info"));
    var generation = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(out);
    long committed = 0;
    long used = 0;
    while (generation.find()) {
      committed += Long.parseLong(generation.group(1));
      used += Long.parseLong(generation.group(2));
    }
    var metaspace = Pattern.compile("Metaspace\\s+used (\\d+)K, committed (\\d+)K").matcher(out);
    if (committed == 0 || !metaspace.find()) {
      return "unavailable";
    }
    return String.format(
        "heap committed %d MB (used %d MB), metaspace committed %d MB",
        committed / 1024, used / 1024, Long.parseLong(metaspace.group(2)) / 1024);
  }

  private static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor();
      return out;
    } catch (Exception e) {
      return "unavailable (" + e.getMessage() + ")";
    }
  }
}
