package org.pathway.portal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * The public self-referral form's abuse protection ({@code pathway.portal.self-referral.*}).
 *
 * @param perAddress the most forms one client address may send in a window ({@code
 *     SELF_REFERRAL_PER_ADDRESS}, default 5)
 * @param window the rate limit's window ({@code SELF_REFERRAL_WINDOW}, default 1h)
 * @param formSecret base64url of at least 32 bytes that signs the forms' tokens ({@code
 *     SELF_REFERRAL_FORM_SECRET}); empty: a random one per start (a form shown before a restart, or
 *     by another replica, is then refused and shown again)
 * @param formLifetime how long a shown form may be sent ({@code SELF_REFERRAL_FORM_LIFETIME},
 *     default 2h)
 * @param trustForwardedFor whether the client address is the last of {@code X-Forwarded-For} (the
 *     entry the proxy appended) (only behind a proxy that sets it; {@code
 *     SELF_REFERRAL_TRUST_FORWARDED_FOR}, default false)
 */
@ConfigurationProperties("pathway.portal.self-referral")
public record SelfReferralConfig(
    int perAddress,
    Duration window,
    @Nullable String formSecret,
    Duration formLifetime,
    boolean trustForwardedFor) {

  public SelfReferralConfig {
    Setting.of("pathway.portal.self-referral.per-address", "SELF_REFERRAL_PER_ADDRESS")
        .positive(perAddress);
    Setting.of("pathway.portal.self-referral.window", "SELF_REFERRAL_WINDOW").positive(window);
    Setting secret =
        Setting.of("pathway.portal.self-referral.form-secret", "SELF_REFERRAL_FORM_SECRET");
    formSecret = secret.optional(formSecret).trim();
    if (!formSecret.isEmpty()) {
      byte[] bytes;
      try {
        bytes = java.util.Base64.getUrlDecoder().decode(formSecret.replaceAll("=+$", ""));
      } catch (IllegalArgumentException e) {
        throw secret.invalid("is not base64url");
      }
      if (bytes.length < 32) {
        throw secret.invalid("needs at least 32 bytes");
      }
    }
    Setting.of("pathway.portal.self-referral.form-lifetime", "SELF_REFERRAL_FORM_LIFETIME")
        .positive(formLifetime);
  }
}
