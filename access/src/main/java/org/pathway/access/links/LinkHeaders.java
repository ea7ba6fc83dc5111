package org.pathway.access.links;

/** How a signed link travels from the portal to the FHIR API. */
public final class LinkHeaders {

  /**
   * The header in which the portal passes the link it acts on; honoured only from a client whose
   * role is {@code portal}.
   */
  public static final String LINK = "X-Pathway-Link";

  private LinkHeaders() {}
}
