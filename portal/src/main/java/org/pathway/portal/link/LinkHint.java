package org.pathway.portal.link;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pathway.access.links.LinkPurpose;

/**
 * A link's claims as written, unverified: the Task it names, its purpose and its id. The portal
 * holds no link keys; these only say what to ask the adapter, which verifies the link on every call
 * and refuses a forged or altered one. A link that cannot even be read still goes to the adapter
 * (with {@link #UNREADABLE_TASK}), so the attempt is refused and audited there.
 *
 * @param taskId the Task the link names (a FHIR id), or {@link #UNREADABLE_TASK}
 * @param purpose the purpose it names, or empty when unreadable
 * @param linkId its id, or empty
 * @param recipient the organisation it was sent to, or empty
 */
public record LinkHint(
    String taskId, Optional<LinkPurpose> purpose, String linkId, String recipient) {

  /** A syntactically valid Task id that no Task has, for links that cannot be read. */
  public static final String UNREADABLE_TASK = "unreadable-link";

  private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
  private static final int MAX_LENGTH = 2048;

  /** What {@code token} claims, or an unreadable hint. Never throws. */
  public static LinkHint read(String token) {
    if (token == null || token.length() > MAX_LENGTH) {
      return unreadable();
    }
    try {
      JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
      String subject = claims.getSubject();
      if (subject == null || !FHIR_ID.matcher(subject).matches()) {
        return unreadable();
      }
      Object purpose = claims.getClaim("pur");
      Object recipient = claims.getClaim("rcp");
      return new LinkHint(
          subject,
          purpose instanceof String p ? LinkPurpose.fromCode(p) : Optional.empty(),
          claims.getJWTID() == null ? "" : claims.getJWTID(),
          recipient instanceof String r && FHIR_ID.matcher(r).matches() ? r : "");
    } catch (ParseException | RuntimeException e) {
      return unreadable();
    }
  }

  private static LinkHint unreadable() {
    return new LinkHint(UNREADABLE_TASK, Optional.empty(), "", "");
  }

  /** Whether the link could be read at all. */
  public boolean readable() {
    return !UNREADABLE_TASK.equals(taskId);
  }
}
