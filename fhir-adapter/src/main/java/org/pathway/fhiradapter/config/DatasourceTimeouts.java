package org.pathway.fhiradapter.config;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * Gives Hikari the connection timeout from {@link DatasourceConfig}: Hikari's own setting is a
 * number of milliseconds, and Pathway's settings are durations.
 */
@Singleton
final class DatasourceTimeouts implements BeanCreatedEventListener<DatasourceConfiguration> {

  private final DatasourceConfig config;

  DatasourceTimeouts(DatasourceConfig config) {
    this.config = config;
  }

  @Override
  public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
    DatasourceConfiguration datasource = event.getBean();
    datasource.setConnectionTimeout(config.connectionTimeout().toMillis());
    return datasource;
  }
}
