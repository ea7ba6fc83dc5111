package org.pathway.directory;

/** The directory feed does not say what the router needs, in words that name the entry. */
public final class InvalidFeedException extends RuntimeException {

  public InvalidFeedException(String message) {
    super(message);
  }
}
