package org.pathway.deploy.demo;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Someone who was emailed a signed link and answers through it, as they would on a phone: open the
 * link, read the page, fill in the form under the button they want, press it. Nothing else: no
 * token, no FHIR, no ids but those the link carries.
 *
 * @param name who they are, for the timeline
 * @param link the signed link their email carried
 * @param correlationId the {@code X-Correlation-ID} their email carried
 */
public record PersonAtLink(String name, String link, String correlationId) {

  /** The words of the portal's notice after an answer it recorded. */
  static final String RECORDED = "Your answer has been recorded";

  /** The words of the portal's notice after an onward referral it sent. */
  static final String REFERRED = "The referral has been sent to the group";

  /** Opens the link. */
  public PortalPage open() {
    try {
      return PortalPage.open(link);
    } catch (IOException e) {
      throw new HopFailed(name + " could not open their link: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HopFailed(name + " was interrupted opening their link", e);
    }
  }

  /**
   * Opens the link, fills in the form whose button reads {@code button} with {@code fill}, presses
   * the button and returns the page the portal answered with, which must say {@code expected}.
   */
  public PortalPage answer(String button, Consumer<PageForm> fill, String expected) {
    PortalPage page = open();
    if (page.status() != 200) {
      throw new HopFailed(
          name + "'s link opened '" + page.heading() + "' (" + page.status() + ")", null);
    }
    PageForm form;
    try {
      form = page.formWithButton(button);
    } catch (IllegalStateException e) {
      throw new HopFailed(name + ": " + e.getMessage(), e);
    }
    fill.accept(form);
    PortalPage answered;
    try {
      answered = form.submit();
    } catch (IOException e) {
      throw new HopFailed(name + " pressed '" + button + "': " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HopFailed(name + " was interrupted pressing " + button, e);
    }
    if (answered.status() != 200 || !answered.says(expected)) {
      throw new HopFailed(
          name
              + " pressed '"
              + button
              + "' and the portal answered "
              + answered.status()
              + ": "
              + answered.text(),
          null);
    }
    return answered;
  }

  /** As {@link #answer(String, Consumer, String)}, expecting the portal to say it was recorded. */
  public PortalPage answer(String button, Consumer<PageForm> fill) {
    return answer(button, fill, RECORDED);
  }

  /** Presses {@code button}, a form with nothing to fill in. */
  public PortalPage press(String button) {
    return answer(button, form -> {}, RECORDED);
  }
}
