package org.pathway.portal.wiring;

import ca.uhn.fhir.context.FhirContext;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Clock;
import org.pathway.portal.adapter.AdapterClient;
import org.pathway.portal.adapter.PortalToken;
import org.pathway.portal.config.PortalConfig;
import org.pathway.portal.config.SelfReferralConfig;
import org.pathway.portal.flow.GiveAnswer;
import org.pathway.portal.flow.ReferMyself;
import org.pathway.portal.flow.SearchDirectory;
import org.pathway.portal.flow.ShowLink;
import org.pathway.portal.flow.ShowStatus;
import org.pathway.portal.flow.StopSharing;
import org.pathway.portal.pages.FormTokens;
import org.pathway.portal.pages.RateLimit;
import org.pathway.portal.view.Languages;
import org.pathway.portal.view.PageRenderer;

/** Builds the portal's parts once: FhirContext is expensive, the rest are plain objects. */
@Factory
public class PortalFactory {

  @Singleton
  FhirContext fhirContext() {
    return FhirContext.forR4();
  }

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Singleton
  HttpClient httpClient(PortalConfig config) {
    return HttpClient.newBuilder()
        .connectTimeout(config.timeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Singleton
  PortalToken portalToken(PortalConfig config, HttpClient http, Clock clock) {
    return new PortalToken(config, http, clock);
  }

  @Singleton
  AdapterClient adapterClient(
      PortalConfig config, HttpClient http, PortalToken token, FhirContext fhir) {
    return new AdapterClient(config, http, token, fhir);
  }

  @Singleton
  ShowLink showLink(AdapterClient adapter) {
    return new ShowLink(adapter);
  }

  @Singleton
  SearchDirectory searchDirectory(AdapterClient adapter) {
    return new SearchDirectory(adapter);
  }

  @Singleton
  GiveAnswer giveAnswer(AdapterClient adapter, Clock clock) {
    return new GiveAnswer(adapter, clock);
  }

  @Singleton
  ReferMyself referMyself(AdapterClient adapter, SelfReferralConfig config, Clock clock) {
    byte[] secret =
        config.formSecret().isEmpty()
            ? FormTokens.randomSecret()
            : FormTokens.decodeSecret(config.formSecret());
    return new ReferMyself(
        adapter,
        new FormTokens(secret, config.formLifetime()),
        new RateLimit(config.perAddress(), config.window()),
        clock);
  }

  @Singleton
  ShowStatus showStatus(AdapterClient adapter) {
    return new ShowStatus(adapter);
  }

  @Singleton
  StopSharing stopSharing(AdapterClient adapter, Clock clock) {
    return new StopSharing(adapter, clock);
  }

  @Singleton
  PageRenderer pageRenderer() {
    return new PageRenderer();
  }

  @Singleton
  Languages languages() {
    return Languages.fromClasspath(PortalFactory.class.getClassLoader());
  }
}
