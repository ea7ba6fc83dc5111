package org.pathway.fhiradapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.method.ResponsePage;
import java.util.List;
import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.Communication;
import org.junit.jupiter.api.Test;

/** A list read whole, answered a page at a time. */
class OffsetPagesTest {

  private static final List<Communication> FIVE =
      IntStream.range(0, 5)
          .mapToObj(i -> (Communication) new Communication().setId("c" + i))
          .toList();

  private static List<String> ids(ca.uhn.fhir.rest.api.server.IBundleProvider page) {
    return page.getResources(0, Integer.MAX_VALUE, new ResponsePage.ResponsePageBuilder()).stream()
        .map(r -> r.getIdElement().getIdPart())
        .toList();
  }

  @Test
  void answersThePageAskedForWithTheWholeListsSize() {
    var page = OffsetPages.of(FIVE, 2, 2, null);

    assertThat(ids(page)).containsExactly("c2", "c3");
    assertThat(page.size()).isEqualTo(5);
    assertThat(page.getCurrentPageOffset()).isEqualTo(2);
    assertThat(page.getCurrentPageSize()).isEqualTo(2);
  }

  @Test
  void withoutACountTheDefaultOrElseEverythingLeft() {
    assertThat(ids(OffsetPages.of(FIVE, null, null, 3))).containsExactly("c0", "c1", "c2");
    assertThat(ids(OffsetPages.of(FIVE, 1, null, null))).containsExactly("c1", "c2", "c3", "c4");
  }

  @Test
  void anOffsetPastTheEndIsAnEmptyPageNotAnError() {
    var page = OffsetPages.of(FIVE, 9, 2, null);

    assertThat(ids(page)).isEmpty();
    assertThat(page.size()).isEqualTo(5);
  }
}
