package org.pathway.portal.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.pathway.testsupport.browser.Browser;

/** What every portal page must pass, at a desktop width and on a 320 px phone. */
public final class PageChecks {

  private PageChecks() {}

  /**
   * The accessibility checks at 1024 px and at 320 px (no horizontal scrolling there), with a
   * screenshot of each under {@code target/screenshots/}.
   */
  public static void check(Browser browser, String name) {
    browser.width(1024);
    assertThat(browser.accessibilityProblems()).as(name).isEmpty();
    browser.screenshot(name);
    browser.width(320);
    assertThat(browser.scrollWidth()).as(name + " at 320 px").isLessThanOrEqualTo(320);
    assertThat(browser.accessibilityProblems()).as(name + " at 320 px").isEmpty();
    browser.screenshot(name + "-320");
    browser.width(1024);
  }
}
