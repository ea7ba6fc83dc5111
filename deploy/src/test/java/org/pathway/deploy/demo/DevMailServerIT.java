package org.pathway.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevMailServerIT {

  @TempDir Path mailDir;

  @Test
  void receivesOverSmtpKeepsEachMessageAsAnEmlFileAndKnowsWhenItArrived() throws Exception {
    try (DevMailServer mail = DevMailServer.start(0, 0, mailDir)) {
      Instant before = Instant.now();
      GreenMailUtil.sendTextEmail(
          "walks@example.org",
          "pathway@example.org",
          "New member for Meanwood Walks",
          "Ada would like to join on Thursday.",
          new ServerSetup(mail.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

      assertThat(mail.saveNew())
          .containsExactly("walks@example.org: New member for Meanwood Walks");
      assertThat(Files.readString(mailDir.resolve("0001.eml"))).contains("Ada would like to join");
      assertThat(mail.saveNew()).isEmpty();
      assertThat(mail.arrivals())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.message().getSubject()).isEqualTo("New member for Meanwood Walks");
                assertThat(a.at()).isBetween(before, Instant.now());
              });
    }
  }
}
