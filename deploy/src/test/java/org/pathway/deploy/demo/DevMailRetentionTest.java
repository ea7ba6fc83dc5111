package org.pathway.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevMailRetentionTest {

  @TempDir Path mail;

  @Test
  void removesMailCopiesPastTheirPeriodAndRecordsThePurgeWithoutTheMail() throws Exception {
    // given a copy written 8 days ago and one written yesterday
    Instant now = Instant.parse("2026-12-01T12:00:00Z");
    Path old = Files.writeString(mail.resolve("0001.eml"), "To: mabel@example.org");
    Path recent = Files.writeString(mail.resolve("0002.eml"), "To: jo@example.org");
    Files.setLastModifiedTime(old, FileTime.from(now.minus(Duration.ofDays(8))));
    Files.setLastModifiedTime(recent, FileTime.from(now.minus(Duration.ofDays(1))));
    DevMailRetention retention = DevMailRetention.from(Map.<String, String>of()::get);

    // when the purge runs now
    int removed = retention.purge(mail, now);

    // then the old copy is gone, the recent one kept, and the purge recorded without the mail
    assertThat(removed).isEqualTo(1);
    assertThat(old).doesNotExist();
    assertThat(recent).exists();
    String log = Files.readString(mail.resolve(DevMailRetention.LOG));
    assertThat(log)
        .isEqualTo(
            "kind=dev-mail purged=1 cutoff=2026-11-24T12:00:00Z purged_at=2026-12-01T12:00:00Z\n")
        .doesNotContain("mabel");

    // and a repeat removes nothing and records nothing
    assertThat(retention.purge(mail, now)).isZero();
    assertThat(Files.readAllLines(mail.resolve(DevMailRetention.LOG))).hasSize(1);
  }

  @Test
  void refusesAPeriodThatIsNotADuration() {
    assertThatThrownBy(
            () -> DevMailRetention.from(Map.of("PATHWAY_DEV_MAIL_RETENTION", "soon")::get))
        .hasMessageContaining("PATHWAY_DEV_MAIL_RETENTION");
    assertThat(DevMailRetention.from(Map.of("PATHWAY_DEV_MAIL_RETENTION", "2d")::get).period())
        .isEqualTo(Duration.ofDays(2));
  }
}
