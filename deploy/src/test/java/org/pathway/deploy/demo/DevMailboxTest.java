package org.pathway.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The mailbox page shows mail as text with its links clickable, and never as markup. */
class DevMailboxTest {

  @Test
  void makesEachUrlALinkAndEscapesEverythingElse() {
    String html =
        DevMailbox.linked(
            "Hello <b>Ada</b> & co.\nAnswer here: http://localhost:8088/l/abc.def-ghi_jk\nThanks");

    assertThat(html)
        .contains("Hello &lt;b&gt;Ada&lt;/b&gt; &amp; co.")
        .contains(
            "<a href=\"http://localhost:8088/l/abc.def-ghi_jk\">"
                + "http://localhost:8088/l/abc.def-ghi_jk</a>")
        .doesNotContain("<b>");
  }

  @Test
  void aUrlCannotBreakOutOfItsAttribute() {
    String html = DevMailbox.linked("see http://x.example/a?b=1&c=\"onmouseover");

    assertThat(html).contains("href=\"http://x.example/a?b=1&amp;c=\"").doesNotContain("\"on");
  }

  @Test
  void findsTheLinksInTextWithoutTrailingPunctuation() {
    assertThat(MailText.links("Open http://localhost:8088/l/t0k.en. Or https://a.example/x, then"))
        .containsExactly("http://localhost:8088/l/t0k.en", "https://a.example/x");
  }
}
