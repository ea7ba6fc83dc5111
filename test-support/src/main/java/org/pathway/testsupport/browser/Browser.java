package org.pathway.testsupport.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through {@code /usr/bin/chromedriver}, with a fresh profile per
 * browser. Selenium Manager is never asked: it downloads browsers, which this machine cannot.
 * Without Chromium the test fails under {@code CI=true} and is aborted, loudly, elsewhere.
 */
public final class Browser implements AutoCloseable {

  /** Debian's chromium package. */
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** Debian's chromium-driver package. */
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** How to get both on Debian or Ubuntu. */
  public static final String INSTALL = "sudo apt-get install -y chromium chromium-driver";

  private static final List<String> FLAGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync");

  private final ChromeDriver driver;
  private final Path profile;
  private final Path screenshots;

  private Browser(ChromeDriver driver, Path profile, Path screenshots) {
    this.driver = driver;
    this.profile = profile;
    this.screenshots = screenshots;
  }

  /**
   * Starts a browser whose screenshots go to {@code target/screenshots/} of the module running the
   * test; first checks Chromium is there (see {@link #requireChromium()}).
   */
  public static Browser start() {
    requireChromium();
    try {
      Path profile = Files.createTempDirectory("pathway-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments(FLAGS);
      options.addArguments("--user-data-dir=" + profile, "--window-size=1024,900");
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(CHROMEDRIVER.toFile())
              .usingAnyFreePort()
              .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      Path shots = Path.of("target", "screenshots").toAbsolutePath();
      Files.createDirectories(shots);
      return new Browser(driver, profile, shots);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Fails ({@code CI=true}) or aborts (elsewhere) the calling test when Debian's Chromium or its
   * driver is missing, naming the command that installs them.
   */
  public static void requireChromium() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (present) {
      return;
    }
    String message =
        "\n*** BROWSER TESTS NOT RUN: "
            + CHROMIUM
            + " or "
            + CHROMEDRIVER
            + " is missing. Install them with: "
            + INSTALL
            + " ***\n";
    System.err.println(message);
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
  }

  /** The Selenium driver, for finding elements and pressing buttons. */
  public WebDriver driver() {
    return driver;
  }

  /** Opens {@code url} and waits for the page to load. */
  public void open(String url) {
    driver.get(url);
  }

  /**
   * Shows the page in a viewport {@code pixels} wide, as a phone would (the window is sized too;
   * the device-metrics override makes the viewport exact whatever headless Chromium adds around
   * it), and reloads nothing: the current page reflows.
   */
  public void width(int pixels) {
    driver.manage().window().setSize(new Dimension(Math.max(pixels, 500), 900));
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        java.util.Map.of(
            "width", pixels, "height", 800, "deviceScaleFactor", 1, "mobile", pixels < 500));
  }

  /** The width of the page's content: more than the viewport means horizontal scrolling. */
  public long scrollWidth() {
    return ((Number) driver.executeScript("return document.documentElement.scrollWidth"))
        .longValue();
  }

  /**
   * Clicks {@code element} and waits for the page it leads to (a form's POST, 303, GET, or a link):
   * the old document is marked first, and the wait ends at a loaded one without the mark, so what
   * the test reads next is the new page, never the old one going away.
   */
  public void clickToNextPage(WebElement element) {
    ((JavascriptExecutor) driver).executeScript("window.__beforeClick = true");
    element.click();
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .ignoring(WebDriverException.class)
        .until(
            d ->
                Boolean.TRUE.equals(
                    ((JavascriptExecutor) d)
                        .executeScript(
                            "return window.__beforeClick === undefined"
                                + " && document.readyState === 'complete'")));
  }

  /**
   * What the page shows a person (the body's rendered text). A page replaced while it is read (a
   * form's answer arriving) is read again, the new one: the old body is gone, not the text.
   */
  public String text() {
    for (int attempt = 1; ; attempt++) {
      try {
        return driver.findElement(org.openqa.selenium.By.tagName("body")).getText();
      } catch (StaleElementReferenceException replaced) {
        if (attempt == 5) {
          throw replaced;
        }
      }
    }
  }

  /** Saves the page as {@code target/screenshots/<name>.png} and returns its path. */
  public Path screenshot(String name) {
    try {
      byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
      Path file = screenshots.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
      Files.write(file, png);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The accessibility problems of the page as shown now (empty when it passes), from {@link
   * AccessibilityCheck}.
   */
  public List<String> accessibilityProblems() {
    return AccessibilityCheck.run(driver);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A profile left in the temp folder is harmless; the test's result matters more.
    }
  }
}
