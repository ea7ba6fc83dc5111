package org.pathway.access.links;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;

/**
 * Checks a link's signature, issuer, audience and expiry, and reads what it says. Whether it has
 * been revoked depends on the Task, which the ledger checks.
 */
public final class LinkVerifier {

  /** Longest a link string may be before it is not even parsed. */
  private static final int MAX_LENGTH = 2048;

  private final LinkKeys keys;
  private final Clock clock;

  public LinkVerifier(LinkKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * What {@code token} says, once it is shown to be Pathway's, unaltered and unexpired.
   *
   * @throws LinkRefusedException malformed, unknown key, bad signature or expired
   */
  public SignedLink verify(String token) throws LinkRefusedException {
    if (token == null || token.isBlank() || token.length() > MAX_LENGTH) {
      throw new LinkRefusedException(LinkRefusal.MALFORMED, "no link, or too long to be one");
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new LinkRefusedException(LinkRefusal.MALFORMED, "not a signed link");
    }
    if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
        || !LinkSigner.TYPE.equals(jwt.getHeader().getType())) {
      throw new LinkRefusedException(LinkRefusal.MALFORMED, "not a Pathway link");
    }
    String kid = jwt.getHeader().getKeyID();
    byte[] secret =
        keys.secret(kid == null ? "" : kid)
            .orElseThrow(
                () ->
                    new LinkRefusedException(
                        LinkRefusal.UNKNOWN_KEY, "signed with an unknown key"));
    try {
      if (!jwt.verify(new MACVerifier(secret))) {
        throw new LinkRefusedException(LinkRefusal.BAD_SIGNATURE, "the signature does not match");
      }
    } catch (JOSEException e) {
      throw new LinkRefusedException(LinkRefusal.BAD_SIGNATURE, "the signature cannot be checked");
    }
    return read(jwt);
  }

  private SignedLink read(SignedJWT jwt) throws LinkRefusedException {
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new LinkRefusedException(LinkRefusal.MALFORMED, "unreadable claims");
    }
    if (!LinkSigner.ISSUER.equals(claims.getIssuer())
        || claims.getAudience() == null
        || !claims.getAudience().contains(LinkSigner.AUDIENCE)) {
      throw new LinkRefusedException(LinkRefusal.MALFORMED, "not issued by Pathway for the portal");
    }
    Object purposeCode = claims.getClaim(LinkSigner.PURPOSE);
    Object recipient = claims.getClaim(LinkSigner.RECIPIENT);
    Date issued = claims.getIssueTime();
    Date expires = claims.getExpirationTime();
    if (claims.getJWTID() == null
        || claims.getSubject() == null
        || !(recipient instanceof String)
        || !(purposeCode instanceof String)
        || issued == null
        || expires == null
        || !expires.after(issued)) {
      throw new LinkRefusedException(LinkRefusal.MALFORMED, "missing claims");
    }
    LinkPurpose purpose =
        LinkPurpose.fromCode((String) purposeCode)
            .orElseThrow(() -> new LinkRefusedException(LinkRefusal.MALFORMED, "unknown purpose"));
    Instant now = clock.instant();
    if (!now.isBefore(expires.toInstant())) {
      throw new LinkRefusedException(LinkRefusal.EXPIRED, "expired at " + expires.toInstant());
    }
    return new SignedLink(
        claims.getJWTID(),
        claims.getSubject(),
        (String) recipient,
        purpose,
        issued.toInstant(),
        expires.toInstant());
  }
}
