package org.pathway.testsupport.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.localkafka.FreePorts;

class ServiceJvmIT {

  @TempDir Path logs;

  @Test
  void startsAProgramInItsOwnJvmWaitsForItAndKillsItWithSigkill() throws Exception {
    int port = FreePorts.next();
    ServiceJvm jvm =
        ServiceJvm.of(HelloMain.class.getName())
            .classpathOfThisJvm()
            .env("HELLO_PORT", "" + port)
            .systemProperty("hello.greeting", "hi from a child")
            .log(logs.resolve("hello.log"))
            .start();
    try {
      jvm.awaitReady("http://127.0.0.1:" + port + "/", Duration.ofSeconds(60));
      assertThat(jvm.pid()).isNotEqualTo(ProcessHandle.current().pid());
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(body).isEqualTo("hi from a child");
      // The bounded heap every service gets, and the flags the build adds for its tests' services.
      assertThat(Files.readString(Path.of("/proc/" + jvm.pid() + "/cmdline")).split("\0"))
          .contains("-Xmx384m", "-XX:+ExitOnOutOfMemoryError")
          .contains(System.getProperty(ServiceJvm.EXTRA_FLAGS_PROPERTY, "unset").split(" "));
      jvm.kill();
      assertThat(jvm.isAlive()).isFalse();
      assertThat(jvm.exitValue()).isEqualTo(137);
      assertThat(Files.readString(jvm.log())).contains("listening on " + port);
    } finally {
      jvm.close();
    }
  }

  @Test
  void aProgramThatExitsWhileStartingFailsTheWaitNamingItsLog() {
    ServiceJvm jvm =
        ServiceJvm.of(HelloMain.class.getName())
            .classpathOfThisJvm()
            .log(logs.resolve("broken.log"))
            .start(); // no HELLO_PORT: it exits at once
    assertThatThrownBy(() -> jvm.awaitReady("http://127.0.0.1:1/", Duration.ofSeconds(60)))
        .hasMessageContaining("exited")
        .hasMessageContaining("broken.log");
  }
}
