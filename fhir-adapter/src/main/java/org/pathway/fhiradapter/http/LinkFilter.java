package org.pathway.fhiradapter.http;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Task;
import org.pathway.access.clients.Role;
import org.pathway.access.links.LinkHeaders;
import org.pathway.access.links.LinkRefusal;
import org.pathway.access.links.LinkRefusedException;
import org.pathway.access.links.LinkVerifier;
import org.pathway.access.links.SignedLink;
import org.pathway.access.tokens.Caller;
import org.pathway.fhiradapter.authz.LinkGrants;
import org.pathway.fhiradapter.authz.LinkedTask;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.Outcomes;
import org.pathway.fhiradapter.ledger.LedgerReads;
import org.pathway.fhiradapter.ledger.LedgerUnavailableException;
import org.pathway.fhiradapter.ledger.Visibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal acts only through a signed link: a call by a client whose role is {@code portal} must
 * carry {@code X-Pathway-Link}, which is verified ({@link LinkVerifier}) and checked against the
 * ledger ({@link LinkGrants#standing}); the request's caller then becomes the link's recipient in
 * the purpose's role ({@link LinkGrants#delegate}) and the link and its Task ride on the request
 * for {@link InteractionCheck} (which binds the call to them) and the audit. A refused link is
 * answered 403 with the refusal code. Other clients' calls pass untouched: the header means nothing
 * from them. The one thing the portal reads as itself, with no link, is the public directory
 * ({@code GET HealthcareService} and {@code SearchParameter}) for its search page; the one thing it
 * writes with no link is a person's own referral from its public form ({@code POST
 * ServiceRequest}), as a {@code self-referral} referrer ({@link LinkGrants#selfReferral}).
 */
final class LinkFilter implements Filter {

  private static final Logger LOG = LoggerFactory.getLogger(LinkFilter.class);

  private final Optional<LinkVerifier> verifier;
  private final LedgerReads ledger;
  private final FhirContext fhir;

  /**
   * @param verifier the link verifier, empty when no link keys are configured (then no portal
   *     client may be registered, which start-up enforces; a portal token is refused here anyway)
   */
  LinkFilter(Optional<LinkVerifier> verifier, LedgerReads ledger, FhirContext fhir) {
    this.verifier = verifier;
    this.ledger = ledger;
    this.fhir = fhir;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    var req = (HttpServletRequest) request;
    var res = (HttpServletResponse) response;
    Caller caller = Headers.caller(req);
    if (caller == null
        || caller.role() != Role.PORTAL
        || AccessFilter.isPublic(req)
        || (isBlank(req.getHeader(LinkHeaders.LINK)) && isPublicListing(req))) {
      chain.doFilter(request, response);
      return;
    }
    if (isBlank(req.getHeader(LinkHeaders.LINK)) && isSelfReferral(req)) {
      // The portal's public form forwards a person's own referral: no link yet, the person is new.
      req.setAttribute(LinkAttributes.SELF_REFERRAL, Boolean.TRUE);
      req.setAttribute(Caller.REQUEST_ATTRIBUTE, LinkGrants.selfReferral(caller));
      chain.doFilter(request, response);
      return;
    }
    SignedLink link;
    try {
      link =
          verifier
              .orElseThrow(
                  () -> new LinkRefusedException(LinkRefusal.UNKNOWN_KEY, "no link keys held"))
              .verify(req.getHeader(LinkHeaders.LINK));
    } catch (LinkRefusedException e) {
      refuse(req, res, null, e.refusal(), e.getMessage());
      return;
    }
    Optional<LinkedTask> task;
    try {
      List<Task> versions = ledger.taskHistory(link.taskId(), Visibility.EVERYTHING);
      task = versions.isEmpty() ? Optional.empty() : Optional.of(LinkedTask.of(versions));
    } catch (LedgerUnavailableException e) {
      unavailable(res);
      return;
    }
    var refused = LinkGrants.standing(link, task);
    if (refused.isPresent()) {
      refuse(req, res, link, refused.get().refusal(), refused.get().why());
      return;
    }
    String correlation = task.get().correlationId();
    if (req.getHeader(Headers.CORRELATION_ID) == null
        && correlation != null
        && Headers.SAFE_ID.matcher(correlation).matches()) {
      // A person's answer belongs to the referral's journey: the portal need not know its id.
      req.setAttribute(Headers.CORRELATION_ATTRIBUTE, correlation);
      res.setHeader(Headers.CORRELATION_ID, correlation);
    }
    req.setAttribute(LinkAttributes.LINK, link);
    req.setAttribute(LinkAttributes.TASK, task.get());
    req.setAttribute(Caller.REQUEST_ATTRIBUTE, LinkGrants.delegate(caller, link));
    chain.doFilter(request, response);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  /** A create of a ServiceRequest: the portal forwarding a person's own referral. */
  static boolean isSelfReferral(HttpServletRequest req) {
    return "POST".equals(req.getMethod()) && req.getRequestURI().equals("/fhir/ServiceRequest");
  }

  /** A read or search of the directory's public listing. */
  static boolean isPublicListing(HttpServletRequest req) {
    if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
      return false;
    }
    String path = req.getRequestURI();
    return path.equals("/fhir/HealthcareService")
        || path.startsWith("/fhir/HealthcareService/")
        || path.equals("/fhir/SearchParameter")
        || path.startsWith("/fhir/SearchParameter/");
  }

  private void refuse(
      HttpServletRequest req,
      HttpServletResponse res,
      SignedLink link,
      LinkRefusal refusal,
      String why)
      throws IOException {
    LinkAttributes.refused(req, link, refusal);
    LOG.info(
        "signed link refused ({}){}: {}",
        refusal.code(),
        link == null ? "" : " link " + link.linkId(),
        why);
    write(res, 403, Outcomes.linkRefused(refusal.code(), LinkAttributes.explain(refusal)));
  }

  private void unavailable(HttpServletResponse res) throws IOException {
    res.setHeader("Retry-After", Errors.RETRY_AFTER_SECONDS);
    write(
        res,
        503,
        Outcomes.errors(
            List.of(
                new Issue(
                    IssueType.TRANSIENT,
                    null,
                    "the ledger is unavailable; the link could not be checked, retry later"))));
  }

  private void write(HttpServletResponse res, int status, org.hl7.fhir.r4.model.OperationOutcome oo)
      throws IOException {
    res.setStatus(status);
    res.setContentType("application/fhir+json;charset=utf-8");
    String body = fhir.newJsonParser().encodeResourceToString(oo);
    res.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }
}
