package org.pathway.portal.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.pathway.events.vocabulary.DeclineReasons;
import org.pathway.portal.pages.ReferralStatus;
import org.pathway.portal.pages.RefusalPage;

class MessagesTest {

  @Test
  void everyFixedKeyATemplateUsesIsInTheBundle() throws IOException {
    Properties bundle = bundle();
    Pattern key = Pattern.compile("#\\{([a-z][a-z0-9.-]+)[}(]");
    for (String template :
        new String[] {
          "task",
          "refusal",
          "unavailable",
          "home",
          "fragments",
          "self-referral",
          "self-referral-sent",
          "referral-status",
          "stop-sharing",
          "stopped-sharing",
          "too-many"
        }) {
      String html = resource("/templates/" + template + ".html");
      Matcher m = key.matcher(html);
      while (m.find()) {
        assertThat(bundle).as(template + " uses " + m.group(1)).containsKey(m.group(1));
      }
    }
  }

  @Test
  void everyStatusReasonAndRefusalHasWords() throws IOException {
    Properties bundle = bundle();
    for (TaskStatus s : TaskStatus.values()) {
      if (s != TaskStatus.NULL) {
        assertThat(bundle).containsKey("status." + s.toCode());
      }
    }
    for (DeclineReasons.Reason r : DeclineReasons.all()) {
      assertThat(bundle).containsKey("reason." + r.code());
    }
    for (TaskStatus s : TaskStatus.values()) {
      if (s != TaskStatus.NULL) {
        assertThat(bundle).containsKey(ReferralStatus.key(new Task().setStatus(s)));
      }
    }
    for (RefusalPage p : RefusalPage.values()) {
      assertThat(bundle).containsKeys(p.messagePrefix() + ".title", p.messagePrefix() + ".body");
    }
  }

  @Test
  void fillsInArguments() {
    assertThat(Messages.text(Locale.ENGLISH, "status.accepted", "3 December 2026"))
        .isEqualTo("You accepted this on 3 December 2026.");
    assertThat(Messages.text(Locale.ENGLISH, "capacity.capacity", 1)).isEqualTo("1 place left");
    assertThat(Messages.text(Locale.ENGLISH, "no.such.key")).isEqualTo("??no.such.key??");
  }

  private static Properties bundle() throws IOException {
    Properties p = new Properties();
    try (InputStream in = MessagesTest.class.getResourceAsStream("/i18n/messages.properties")) {
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  private static String resource(String path) throws IOException {
    try (InputStream in = MessagesTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
