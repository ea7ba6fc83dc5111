package org.pathway.access.links;

/** A signed link that is not honoured, and why. */
public final class LinkRefusedException extends Exception {

  private final LinkRefusal refusal;

  public LinkRefusedException(LinkRefusal refusal, String detail) {
    super("signed link refused (" + refusal.code() + "): " + detail);
    this.refusal = refusal;
  }

  public LinkRefusal refusal() {
    return refusal;
  }
}
