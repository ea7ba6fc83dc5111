package org.pathway.router.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * What the person referred is told ({@code pathway.person-notices.*}), always only with their
 * consent and by the channel they prefer.
 *
 * @param enabled whether the person is told their next steps at all
 * @param contactWithin how soon the person is told a link-worker service will contact them once it
 *     has accepted their referral (the first-contact promise of the service)
 */
@ConfigurationProperties("pathway.person-notices")
public record PersonNoticeConfig(boolean enabled, Duration contactWithin) {

  public PersonNoticeConfig {
    Setting.of("pathway.person-notices.contact-within", "ROUTER_PERSON_NOTICES_CONTACT_WITHIN")
        .positive(contactWithin);
  }
}
