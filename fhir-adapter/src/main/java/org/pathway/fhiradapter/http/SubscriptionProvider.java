package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Subscription;
import org.pathway.fhiradapter.config.SubscriptionConfig;
import org.pathway.fhiradapter.fhir.SubscriptionReader;
import org.pathway.fhiradapter.ledger.Subscriptions;

/**
 * FHIR R4 {@code Subscription} (rest-hook) for registered clients, on their own Tasks: create,
 * read, search (by {@code status}), update (status {@code off} stops it) and delete. Headers the
 * client gives are kept for delivery and never served back.
 */
@Singleton
public class SubscriptionProvider implements IResourceProvider {

  private static final int MAX_COUNT = 100;

  private final Subscriptions subscriptions;
  private final SubscriptionConfig config;

  public SubscriptionProvider(Subscriptions subscriptions, SubscriptionConfig config) {
    this.subscriptions = subscriptions;
    this.config = config;
  }

  @Override
  public Class<Subscription> getResourceType() {
    return Subscription.class;
  }

  @Create
  public MethodOutcome create(@ResourceParam Subscription subscription, HttpServletRequest req) {
    return Errors.guard(
        () -> {
          var submitted = read(subscription);
          Subscription saved = subscriptions.create(submitted, Headers.context(req, null));
          var outcome =
              new MethodOutcome(
                  new IdType(
                      "Subscription",
                      saved.getIdElement().getIdPart(),
                      saved.getMeta().getVersionId()));
          outcome.setCreated(true);
          outcome.setResource(saved);
          return outcome;
        });
  }

  @Read
  public Subscription read(@IdParam IdType id, HttpServletRequest req) {
    return Errors.guard(() -> subscriptions.read(id.getIdPart(), Headers.context(req, null)));
  }

  @Search
  public List<Subscription> search(
      @OptionalParam(name = Subscription.SP_STATUS) TokenParam status,
      @Count Integer count,
      HttpServletRequest req) {
    return Errors.guard(
        () ->
            subscriptions.search(
                status == null ? null : status.getValue(),
                count == null ? MAX_COUNT : Math.max(1, Math.min(count, MAX_COUNT)),
                Headers.context(req, null)));
  }

  @Update
  public MethodOutcome update(
      @IdParam IdType id, @ResourceParam Subscription subscription, HttpServletRequest req) {
    return Errors.guard(
        () -> {
          var submitted = read(subscription);
          Subscription saved =
              subscriptions.update(id.getIdPart(), submitted, Headers.context(req, null));
          var outcome =
              new MethodOutcome(
                  new IdType("Subscription", id.getIdPart(), saved.getMeta().getVersionId()),
                  false);
          outcome.setResource(saved);
          return outcome;
        });
  }

  @Delete
  public MethodOutcome delete(@IdParam IdType id, HttpServletRequest req) {
    return Errors.guard(
        () -> {
          subscriptions.delete(id.getIdPart(), Headers.context(req, null));
          return new MethodOutcome();
        });
  }

  private SubscriptionReader.Submission read(Subscription subscription) {
    return SubscriptionReader.read(subscription, config.allowHttp(), config.allowedHosts());
  }
}
