package org.pathway.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/** A form is filled by its labels and sent as a browser sends it. */
class PageFormTest {

  private static final String PAGE =
      """
      <html lang="en"><body><h1>A referral for you</h1>
      <form method="post" action="/l/tok/accept">
        <input type="hidden" name="requestId" value="r-1">
        <button type="submit" name="action" value="accept">Accept</button>
      </form>
      <form method="post" action="/l/tok/decline">
        <input type="hidden" name="requestId" value="r-2">
        <label for="reason">Why are you declining?</label>
        <select id="reason" name="reason">
          <option value="">Choose a reason</option>
          <option value="871711000000103">The person declined</option>
          <option value="group-full">The group is full</option>
        </select>
        <label><input type="checkbox" name="sure" value="yes"> I am sure</label>
        <label for="note">Anything else</label><textarea id="note" name="note"></textarea>
        <input type="text" name="unlabelled" value="kept" disabled>
        <button type="submit">Decline</button>
      </form>
      <form method="post" action="/l/tok/session">
        <input type="radio" id="a" name="attendance" value="attended"><label for="a">Came</label>
        <input type="radio" id="d" name="attendance" value="did-not-attend" checked>
        <label for="d">Did not come</label>
        <button type="submit">Record the session</button>
      </form>
      </body></html>
      """;

  private final PortalPage page =
      new PortalPage(
          URI.create("http://localhost:8088/l/tok"),
          200,
          Jsoup.parse(PAGE, "http://localhost:8088/l/tok"));

  @Test
  void sendsTheHiddenFieldsAndThePressedButton() {
    PageForm accept = page.formWithButton("accept");

    assertThat(accept.data())
        .containsExactly(Map.entry("requestId", "r-1"), Map.entry("action", "accept"));
  }

  @Test
  void fillsControlsByTheirLabelsAndLeavesOutDisabledAndUncheckedOnes() {
    PageForm decline =
        page.formWithButton("Decline").select("Why are you declining", "group is full");

    assertThat(decline.data())
        .containsExactly(
            Map.entry("requestId", "r-2"),
            Map.entry("reason", "group-full"),
            Map.entry("note", ""));

    decline.choose("I am sure").fill("Anything else", "Full till March");
    assertThat(decline.data())
        .contains(Map.entry("sure", "yes"), Map.entry("note", "Full till March"));
  }

  @Test
  void choosingARadioClearsTheOthersOfItsGroup() {
    PageForm session = page.formWithButton("Record the session").choose("Came");

    assertThat(session.data()).containsExactly(Map.entry("attendance", "attended"));
  }

  @Test
  void saysWhatThePageOffersWhenTheButtonIsNotThere() {
    assertThatThrownBy(() -> page.formWithButton("Finish"))
        .hasMessageContaining("A referral for you")
        .hasMessageContaining("Accept");
    assertThatThrownBy(() -> page.formWithButton("Decline").select("Why", "moon"))
        .hasMessageContaining("The group is full");
  }
}
