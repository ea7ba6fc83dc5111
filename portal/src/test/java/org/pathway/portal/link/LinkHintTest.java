package org.pathway.portal.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.pathway.access.links.LinkKeys;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.LinkSigner;
import org.pathway.access.links.SignedLink;

class LinkHintTest {

  @Test
  void readsTheTaskAndPurposeALinkNames() {
    String token =
        new LinkSigner(LinkKeys.parse(LinkKeys.generate("k1")))
            .sign(
                new SignedLink(
                    "link-1",
                    "task-42",
                    "walk-and-talk",
                    LinkPurpose.FACILITATOR,
                    Instant.parse("2026-12-01T00:00:00Z"),
                    Instant.parse("2026-12-15T00:00:00Z")));
    LinkHint hint = LinkHint.read(token);
    assertThat(hint.taskId()).isEqualTo("task-42");
    assertThat(hint.purpose()).contains(LinkPurpose.FACILITATOR);
    assertThat(hint.linkId()).isEqualTo("link-1");
    assertThat(hint.recipient()).isEqualTo("walk-and-talk");
    assertThat(hint.readable()).isTrue();
  }

  @Test
  void anUnreadableLinkStillGoesToTheAdapterToBeRefused() {
    for (String junk : new String[] {"", "abc", "a.b.c", "x".repeat(5000), null}) {
      LinkHint hint = LinkHint.read(junk);
      assertThat(hint.readable()).isFalse();
      assertThat(hint.taskId()).isEqualTo(LinkHint.UNREADABLE_TASK);
      assertThat(hint.purpose()).isEmpty();
    }
  }
}
