package org.pathway.reporting.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.pathway.testsupport.browser.Browser;

/**
 * A commissioner opens the dashboard in Chromium, as a person would: signs in with a token, reads
 * the funnel's numbers and a suppressed cell, sees the charts drawn with those numbers, downloads a
 * CSV, filters by practice; and the tables are in the page without JavaScript.
 */
public final class DashboardVisit {

  private final String base;
  private final TestIssuer issuer;

  /** {@code base} is reporting's address as {@code http://localhost:<port>}. */
  public DashboardVisit(String base, TestIssuer issuer) {
    this.base = base;
    this.issuer = issuer;
  }

  /** The nine journeys of {@code ReportingRebuildIT}: six completed at A81001, three declined. */
  public void checkNineJourneys() throws Exception {
    try (Browser browser = Browser.start()) {
      browser.open(base + "/dashboard");
      assertThat(browser.text()).contains("Sign in to the dashboard");

      // An evaluator's token is refused here (the page is the commissioner's), and says why.
      signIn(browser, issuer.token("evaluator"));
      assertThat(browser.text())
          .contains("That token was not accepted")
          .contains("not a commissioner");

      signIn(browser, issuer.token("commissioner"));
      browser.screenshot("dashboard-all");
      assertThat(browser.text())
          .contains("Signed in as commissioner")
          .contains("Referrals counted: 9");
      assertThat(row(browser, "funnel-table", 0))
          .containsExactly("Referred", "9", "suppressed", "0", "0");
      assertThat(row(browser, "funnel-table", 1))
          .containsExactly("Accepted by a link worker", "6", "0", "0", "0");
      assertThat(row(browser, "funnel-table", 6)).containsExactly("Completed", "6", "0", "0", "0");
      // The men's three declines: suppressed, as are the totals that would give them away.
      // Rows: two age bands and their total, then sex.
      assertThat(row(browser, "equity-uptake-table", 3)).startsWith("Sex", "female", "6", "0");
      assertThat(row(browser, "equity-uptake-table", 4))
          .containsExactly("Sex", "male", "0", "suppressed", "suppressed");
      assertThat(
              browser
                  .driver()
                  .findElement(By.id("equity-uptake-table"))
                  .findElements(By.cssSelector("td.suppressed")))
          .isNotEmpty();
      assertThat(row(browser, "outcomes-table", 0))
          .containsExactly(
              "All", "All referrals", "SWEMWBS", "6", "18.59", "22.35", "3.76", "3", "6", "1");
      assertThat(browser.text()).doesNotContain("??");

      // The charts are drawn by ECharts from the same numbers (a suppressed count is a gap).
      assertThat(chartData(browser, "funnel-chart", 0)).isEqualTo("[9,6,6,6,6,6,6]");
      assertThat(chartData(browser, "step-times-chart", 0)).startsWith("[2,3,");
      assertThat(chartData(browser, "outcomes-chart", 1)).isEqualTo("[22.35]");
      assertThat(
              browser
                  .driver()
                  .findElement(By.id("funnel-chart"))
                  .findElements(By.tagName("canvas")))
          .isNotEmpty();

      String csv = download(browser, "funnel-csv");
      // Selenium hands the text back with its line ends as plain newlines.
      assertThat(csv.split("\r?\n"))
          .startsWith(
              "Step,Reached,Declined,Did not attend,Dropped out",
              "Referred,9,suppressed,0,0",
              "Accepted by a link worker,6,0,0,0");
      assertThat(download(browser, "equity-uptake-csv"))
          .contains("Sex,male,0,suppressed,suppressed");

      // Filter to one practice: only its six journeys count, and the CSV follows the filter.
      new Select(browser.driver().findElement(By.id("practice"))).selectByValue("A81001");
      browser.clickToNextPage(browser.driver().findElement(By.id("apply")));
      waitFor(browser, "Referrals counted: 6");
      assertThat(row(browser, "funnel-table", 0)).containsExactly("Referred", "6", "0", "0", "0");
      assertThat(download(browser, "funnel-csv")).contains("Referred,6,0,0,0");

      // A period with none of them.
      browser.open(base + "/dashboard?from=2026-04-01");
      assertThat(browser.text()).contains("Referrals counted: 0");
      browser.open(base + "/dashboard?from=April");
      assertThat(browser.text()).contains("There is a problem: from:");

      browser.clickToNextPage(
          browser.driver().findElement(By.xpath("//button[text()='Sign out']")));
      browser.open(base + "/dashboard");
      assertThat(browser.text()).contains("Sign in to the dashboard");
    }
    checkWithoutJavaScript();
  }

  /** The page as fetched, scripts never run: the tables already hold the figures. */
  private void checkWithoutJavaScript() throws Exception {
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/dashboard"))
                    .header("Authorization", "Bearer " + issuer.token("commissioner"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .get()
        .asString()
        .contains("default-src 'self'");
    Document html = Jsoup.parse(page.body());
    assertThat(html.select("#funnel-table tbody tr").first().select("td").eachText())
        .containsExactly("Referred", "9", "suppressed", "0", "0");
    HttpResponse<String> anonymousCsv =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/dashboard/csv/funnel")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(anonymousCsv.statusCode()).isEqualTo(401);
  }

  private static void signIn(Browser browser, String token) {
    WebElement field = browser.driver().findElement(By.id("token"));
    field.clear();
    // The token is long: put it in at once rather than typing every character.
    ((JavascriptExecutor) browser.driver())
        .executeScript("arguments[0].value = arguments[1];", field, token);
    browser.clickToNextPage(browser.driver().findElement(By.id("sign-in")));
  }

  private static List<String> row(Browser browser, String table, int index) {
    return browser
        .driver()
        .findElement(By.id(table))
        .findElements(By.cssSelector("tbody tr"))
        .get(index)
        .findElements(By.tagName("td"))
        .stream()
        .map(WebElement::getText)
        .toList();
  }

  private static String chartData(Browser browser, String chart, int series) {
    WebDriverWait wait = new WebDriverWait(browser.driver(), Duration.ofSeconds(20));
    return wait.until(
        d ->
            (String)
                ((JavascriptExecutor) d)
                    .executeScript(
                        "var c = window.echarts && echarts.getInstanceByDom("
                            + "document.getElementById(arguments[0]));"
                            + " return c ? JSON.stringify(c.getOption().series[arguments[1]].data)"
                            + " : null;",
                        chart,
                        series));
  }

  /** What the download link gives the signed-in browser (its cookie, its filters). */
  private static String download(Browser browser, String link) {
    return (String)
        ((JavascriptExecutor) browser.driver())
            .executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                    + " fetch(document.getElementById(arguments[0]).href)"
                    + ".then(r => r.text()).then(done, e => done('failed: ' + e));",
                link);
  }

  private static void waitFor(Browser browser, String text) {
    new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
        .until(d -> browser.text().contains(text));
  }
}
