package org.pathway.portal.flow;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pathway.portal.adapter.AdapterClient;
import org.pathway.portal.adapter.AdapterException;
import org.pathway.portal.pages.FormTokens;
import org.pathway.portal.pages.RateLimit;
import org.pathway.portal.pages.SelfReferralForm;
import org.pathway.portal.pages.SelfReferrals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public self-referral form: shows it, and on a post checks the rate limit, the form's token,
 * the honeypot and the answers, then forwards the person's referral to the adapter as the portal
 * and gives them their reference and status link.
 */
public final class ReferMyself {

  private static final Logger LOG = LoggerFactory.getLogger(ReferMyself.class);

  private final AdapterClient adapter;
  private final FormTokens tokens;
  private final RateLimit limit;
  private final Clock clock;

  public ReferMyself(AdapterClient adapter, FormTokens tokens, RateLimit limit, Clock clock) {
    this.adapter = adapter;
    this.tokens = tokens;
    this.limit = limit;
    this.clock = clock;
  }

  /** The empty form. */
  public PageResult form() {
    return formPage(200, Map.of(), List.of(), tokens.issue(clock.instant()));
  }

  /**
   * A posted form from {@code address}.
   *
   * @param form the posted fields
   * @param address the client's address, for the rate limit
   */
  public PageResult submit(Map<String, String> form, String address) {
    Instant now = clock.instant();
    if (!limit.allow(address, now)) {
      LOG.info("self-referral refused: rate limit reached for one address");
      return new PageResult.Page("too-many", 429, Map.of());
    }
    String token = form.get("token");
    Optional<String> nonce = tokens.check(token, now);
    SelfReferralForm.Read read =
        SelfReferralForm.read(form, LocalDate.now(clock.withZone(ShowLink.ZONE)));
    if (nonce.isEmpty()) {
      // Too old, or not a form this portal showed: show it again, answers kept, a fresh token.
      return formPage(
          400,
          read.values(),
          List.of(new SelfReferralForm.Problem("given-name", "selfref.problem.expired")),
          tokens.issue(now));
    }
    String reference = SelfReferrals.reference(nonce.get());
    if (read.honeypot()) {
      // A bot filled the hidden field: it sees what a person would, and nothing is created.
      LOG.info("self-referral not forwarded: the honeypot field was filled");
      return sent(reference, "/referral-status/" + SelfReferrals.requestId(nonce.get()));
    }
    if (!read.problems().isEmpty()) {
      return formPage(400, read.values(), read.problems(), token);
    }
    try {
      AdapterClient.Forwarded forwarded =
          adapter.forwardSelfReferral(
              SelfReferrals.referral(read.person(), reference, now),
              SelfReferrals.requestId(nonce.get()));
      LOG.info("self-referral {} forwarded", forwarded.serviceRequest().getIdElement().getIdPart());
      return sent(
          reference,
          "/referral-status/" + URLEncoder.encode(forwarded.statusLink(), StandardCharsets.UTF_8));
    } catch (AdapterException e) {
      if (e.kind() == AdapterException.Kind.REFUSED
          || e.kind() == AdapterException.Kind.DUPLICATE) {
        LOG.warn("self-referral refused by the adapter: {}", e.getMessage());
        return formPage(
            422,
            read.values(),
            List.of(new SelfReferralForm.Problem("given-name", "selfref.problem.refused")),
            token);
      }
      return new PageResult.Page("unavailable", 503, Map.of());
    }
  }

  private static PageResult sent(String reference, String statusUrl) {
    return new PageResult.Page(
        "self-referral-sent", 200, Map.of("reference", reference, "statusUrl", statusUrl));
  }

  private static PageResult formPage(
      int status,
      Map<String, String> values,
      List<SelfReferralForm.Problem> problems,
      String token) {
    Map<String, Object> model = new HashMap<>();
    Map<String, String> shown = new HashMap<>(values);
    model.put("v", shown);
    model.put("problems", problems);
    Map<String, String> byField = new HashMap<>();
    problems.forEach(p -> byField.putIfAbsent(p.field(), p.key()));
    model.put("problem", byField);
    model.put("token", token);
    return new PageResult.Page("self-referral", status, model);
  }
}
