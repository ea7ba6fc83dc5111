package org.pathway.testsupport.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.localkafka.FreePorts;

class ClassDataSharingIT {

  private static final String HELLO_CLASS = HelloMain.class.getName().replace('.', '/') + ".class";

  @TempDir Path module;

  @Test
  void theFirstCleanRunWritesTheModulesArchiveAndTheNextMapsIt() throws Exception {
    // given: a module built and packaged (classes, its jar, no dependencies)
    packageModule();

    // when: a first run ends cleanly
    ServiceJvm first = startHello("first.log");
    assertThat(first.mapsClassArchive()).isFalse();
    first.close(Duration.ofMinutes(2));

    // then: its archive is in place, and the next run maps it and loads the program from it
    assertThat(archives()).hasSize(1);
    ServiceJvm second = startHello("second.log");
    try {
      assertThat(second.mapsClassArchive()).isTrue();
      assertThat(classLoadLines(second.log()))
          .anyMatch(l -> l.contains(HelloMain.class.getName() + " source: shared objects file"));
    } finally {
      second.close();
    }
  }

  @Test
  void aKilledRunLeavesNoArchive() throws Exception {
    packageModule();

    ServiceJvm killed = startHello("killed.log");
    killed.kill();

    assertThat(archives()).isEmpty();
    try (Stream<Path> left = Files.list(module.resolve("target/cds"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void classesNewerThanTheJarRunFromTheClassesWithoutAnArchive() throws Exception {
    packageModule();
    Path jar = module.resolve("target/module.jar");
    // A class recompiled after packaging: the jar is stale and must not be run.
    Files.setLastModifiedTime(
        module.resolve("target/classes").resolve(HELLO_CLASS),
        FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));

    ServiceJvm jvm = startHello("stale.log");
    try {
      assertThat(jvm.mapsClassArchive()).isFalse();
      assertThat(Files.readString(Path.of("/proc/" + jvm.pid() + "/cmdline")).split("\0"))
          .noneMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit"))
          .anyMatch(
              a -> a.startsWith(module.resolve("target/classes").toAbsolutePath().toString()));
    } finally {
      jvm.close();
    }
  }

  private ServiceJvm startHello(String log) throws Exception {
    int port = FreePorts.next();
    ServiceJvm jvm =
        ServiceJvm.of(HelloMain.class.getName())
            .classpathOf(module)
            .classDataSharing(true)
            .jvmFlags(
                Stream.concat(ServiceJvm.JVM_FLAGS.stream(), Stream.of("-Xlog:class+load=info"))
                    .toList())
            .env("HELLO_PORT", "" + port)
            .log(module.resolve(log))
            .start();
    jvm.awaitReady("http://127.0.0.1:" + port + "/", Duration.ofSeconds(60));
    return jvm;
  }

  /** target/classes with HelloMain, target/module.jar holding it, an empty dependency list. */
  private void packageModule() throws IOException {
    Path target = module.resolve("target");
    Path classFile = target.resolve("classes").resolve(HELLO_CLASS);
    Files.createDirectories(classFile.getParent());
    byte[] bytes;
    try (InputStream in = HelloMain.class.getClassLoader().getResourceAsStream(HELLO_CLASS)) {
      bytes = in.readAllBytes();
    }
    Files.write(classFile, bytes);
    Path jar = target.resolve("module.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry(HELLO_CLASS));
      out.write(bytes);
      out.closeEntry();
    }
    Files.setLastModifiedTime(
        jar, FileTime.fromMillis(Files.getLastModifiedTime(classFile).toMillis() + 1000));
    Files.writeString(target.resolve("runtime-classpath.txt"), "");
  }

  private List<Path> archives() throws IOException {
    Path dir = module.resolve("target/cds");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".jsa")).toList();
    }
  }

  private static List<String> classLoadLines(Path log) throws IOException {
    return Files.readAllLines(log).stream().filter(l -> l.contains("class,load")).toList();
  }
}
