package org.pathway.access.assertion;

/** The replay log cannot be reached, so no assertion can be accepted: try again later. */
public class JtiStoreUnavailableException extends RuntimeException {

  public JtiStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
