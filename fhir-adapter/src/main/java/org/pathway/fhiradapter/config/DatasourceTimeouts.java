package org.pathway.fhiradapter.config;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * Gives Hikari the connection timeout from {@link DatasourceConfig} (Hikari's own setting is a
 * number of milliseconds, and Pathway's settings are durations), and has the PostgreSQL driver send
 * a JDBC batch of INSERTs as multi-row INSERTs: a group commit's rows of one table go as one
 * statement rather than one each.
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
    datasource.addDataSourceProperty("reWriteBatchedInserts", "true");
    return datasource;
  }
}
