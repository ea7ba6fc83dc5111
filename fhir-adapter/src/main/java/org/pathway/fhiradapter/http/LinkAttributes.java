package org.pathway.fhiradapter.http;

import jakarta.servlet.http.HttpServletRequest;
import org.pathway.access.links.LinkRefusal;
import org.pathway.access.links.SignedLink;

/**
 * What the link filter and the interaction check leave on a request for the providers and the
 * audit: the honoured link and its Task, or the refusal.
 */
final class LinkAttributes {

  /** The honoured {@link SignedLink}. */
  static final String LINK = "pathway.link";

  /** The link's Task as the ledger held it when the link was checked ({@code LinkedTask}). */
  static final String TASK = "pathway.linkTask";

  /** The {@link LinkRefusal} a refused link was answered with. */
  static final String REFUSAL = "pathway.linkRefusal";

  /** The id of a refused link, when its signature was good enough to trust the id. */
  static final String REFUSED_LINK_ID = "pathway.refusedLinkId";

  /** Set when the portal forwards a person's own referral (no link): answer with a status link. */
  static final String SELF_REFERRAL = "pathway.selfReferral";

  private LinkAttributes() {}

  /** Notes a refusal for the audit. */
  static void refused(HttpServletRequest req, SignedLink link, LinkRefusal refusal) {
    req.setAttribute(REFUSAL, refusal);
    if (link != null) {
      req.setAttribute(REFUSED_LINK_ID, link.linkId());
    }
  }

  /** The honoured link, or null. */
  static SignedLink link(HttpServletRequest req) {
    return req.getAttribute(LINK) instanceof SignedLink l ? l : null;
  }

  /** The link id the audit names: the honoured link's, or a refused one's when known. */
  static String linkId(HttpServletRequest req) {
    SignedLink link = link(req);
    if (link != null) {
      return link.linkId();
    }
    return req.getAttribute(REFUSED_LINK_ID) instanceof String id ? id : null;
  }

  /** The refusal code the audit names, or null. */
  static String refusalCode(HttpServletRequest req) {
    return req.getAttribute(REFUSAL) instanceof LinkRefusal r ? r.code() : null;
  }

  /** A plain sentence for each refusal (the portal shows its own words per code). */
  static String explain(LinkRefusal refusal) {
    return switch (refusal) {
      case MALFORMED -> "the portal must send the signed link it acts on (X-Pathway-Link)";
      case UNKNOWN_KEY -> "the link was not signed by a key Pathway holds";
      case BAD_SIGNATURE -> "the link has been altered";
      case EXPIRED -> "the link has expired";
      case REVOKED -> "the link has been withdrawn: the referral was cancelled or has moved on";
      case NOT_FOR_THIS -> "the link does not reach this";
    };
  }
}
