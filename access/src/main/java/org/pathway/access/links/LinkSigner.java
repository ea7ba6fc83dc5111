package org.pathway.access.links;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;

/**
 * Signs links (HS256 JWS, compact). The same link in gives the same string out, so a decision the
 * router makes again yields the same link.
 */
public final class LinkSigner {

  static final String ISSUER = "pathway";
  static final String AUDIENCE = "pathway-portal";
  static final JOSEObjectType TYPE = new JOSEObjectType("pathway-link+jwt");
  static final String RECIPIENT = "rcp";
  static final String PURPOSE = "pur";

  private final LinkKeys keys;

  public LinkSigner(LinkKeys keys) {
    this.keys = keys;
  }

  /** The signed, URL-safe form of {@code link}. */
  public String sign(SignedLink link) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .jwtID(link.linkId())
            .subject(link.taskId())
            .claim(RECIPIENT, link.recipient())
            .claim(PURPOSE, link.purpose().code())
            .issueTime(Date.from(link.issuedAt()))
            .expirationTime(Date.from(link.expiresAt()))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keys.signingKeyId()).type(TYPE).build(),
            claims);
    try {
      jwt.sign(new MACSigner(keys.signingSecret()));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a link", e);
    }
    return jwt.serialize();
  }
}
