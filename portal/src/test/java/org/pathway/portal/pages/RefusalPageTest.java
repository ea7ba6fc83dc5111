package org.pathway.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pathway.access.links.LinkRefusal;

class RefusalPageTest {

  @Test
  void aForgedOrAlteredLinkIsSimplyNotValid() {
    assertThat(RefusalPage.of(Optional.of(LinkRefusal.MALFORMED))).isEqualTo(RefusalPage.NOT_VALID);
    assertThat(RefusalPage.of(Optional.of(LinkRefusal.UNKNOWN_KEY)))
        .isEqualTo(RefusalPage.NOT_VALID);
    assertThat(RefusalPage.of(Optional.of(LinkRefusal.BAD_SIGNATURE)))
        .isEqualTo(RefusalPage.NOT_VALID);
    assertThat(RefusalPage.of(Optional.empty())).isEqualTo(RefusalPage.NOT_VALID);
  }

  @Test
  void expiredWithdrawnAndNotForThisEachHaveTheirOwnPage() {
    assertThat(RefusalPage.of(Optional.of(LinkRefusal.EXPIRED))).isEqualTo(RefusalPage.EXPIRED);
    assertThat(RefusalPage.of(Optional.of(LinkRefusal.REVOKED))).isEqualTo(RefusalPage.WITHDRAWN);
    assertThat(RefusalPage.of(Optional.of(LinkRefusal.NOT_FOR_THIS)))
        .isEqualTo(RefusalPage.NOT_FOR_THIS);
    assertThat(RefusalPage.NOT_FOR_THIS.messagePrefix()).isEqualTo("refusal.not-for-this");
  }
}
