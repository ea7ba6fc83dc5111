package org.pathway.access.links;

/** How a signed link travels from the portal to the FHIR API. */
public final class LinkHeaders {

  /**
   * The header in which the portal passes the link it acts on; honoured only from a client whose
   * role is {@code portal}.
   */
  public static final String LINK = "X-Pathway-Link";

  /**
   * The header in which the FHIR API answers the portal's forwarding of a person's own referral
   * with a signed {@code referral-status} link bound to the new Task, for the person to keep.
   */
  public static final String STATUS_LINK = "X-Pathway-Status-Link";

  private LinkHeaders() {}
}
