package org.pathway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.pathway.portal.support.PageChecks;
import org.pathway.portal.support.Stack;
import org.pathway.testsupport.browser.Browser;

/**
 * A community connector searches the public directory in a real Chromium, with no login and no
 * JavaScript needed: by need and postcode district, only groups with places, and sees each group's
 * places, opening times and public contact. The adapter serves a stock Open Referral UK feed (one
 * malformed record in it) with the operator's mapping.
 */
class DirectorySearchPageIT {

  private static Stack stack;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    stack =
        Stack.start(
            Map.of(
                "DIRECTORY_FEED", "classpath:directory/examples/oruk-stock-feed.json",
                "DIRECTORY_MAPPING", "classpath:directory/examples/oruk-stock-mapping.yaml"));
    browser = Browser.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  private static List<String> serviceNames() {
    return browser.driver().findElements(By.cssSelector("article.service h3")).stream()
        .map(WebElement::getText)
        .toList();
  }

  private static WebElement card(String name) {
    return browser.driver().findElements(By.cssSelector("article.service")).stream()
        .filter(a -> a.findElement(By.tagName("h3")).getText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aConnectorFindsGroupsForANeedInTheirPostcodeAreaWithTimesAndContact() {
    // given the public page, opened with no login
    browser.open(stack.portalUrl() + "/directory");
    assertThat(browser.driver().findElement(By.tagName("h1")).getText())
        .isEqualTo("Find local support");
    PageChecks.check(browser, "directory-empty");

    // when they choose a need and type a postcode area, and search
    new Select(browser.driver().findElement(By.id("need")))
        .selectByVisibleText("Loneliness and isolation");
    browser.driver().findElement(By.id("district")).sendKeys("ls6");
    browser.clickToNextPage(browser.driver().findElement(By.cssSelector("button[type=submit]")));

    // then the groups for that need in LS6 are listed, with places, where, when and contact
    assertThat(serviceNames())
        .containsExactly("Chess and Chat at Headingley Library", "Headingley Health Walks");
    assertThat(browser.text()).contains("2 found");
    String chess = card("Chess and Chat at Headingley Library").getText();
    assertThat(chess)
        .contains("Full, waitlist open")
        .contains("Headingley Library, North Lane, Leeds, LS6 3HG")
        .contains("Thu 14:00–16:00")
        .contains("not in August")
        .contains("0113 496 0200")
        .contains("Get in touch with them yourself");
    String walks = card("Headingley Health Walks").getText();
    assertThat(walks).contains("6 places left").contains("Wed 10:00–11:00");
    assertThat(walks).doesNotContain("Get in touch with them yourself");
    // the mapping's referral channels never reach the page
    assertThat(browser.text()).doesNotContain("coordinator@leeds-walks.example.org");
    PageChecks.check(browser, "directory-results");
  }

  @Test
  void onlyGroupsWithPlacesWhenAsked() {
    browser.open(stack.portalUrl() + "/directory?need=&district=LS6&places=yes");

    assertThat(serviceNames()).containsExactly("Headingley Health Walks");
  }

  @Test
  void aPostcodeAreaThatIsNotOneIsExplainedNotSearched() {
    browser.open(stack.portalUrl() + "/directory");
    browser.driver().findElement(By.id("district")).sendKeys("Leeds");
    browser.clickToNextPage(browser.driver().findElement(By.cssSelector("button[type=submit]")));

    assertThat(browser.text()).contains("Enter the first part of a postcode, like LS6");
    assertThat(serviceNames()).isEmpty();
    PageChecks.check(browser, "directory-problem");
  }
}
