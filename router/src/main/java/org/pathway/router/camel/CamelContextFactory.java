package org.pathway.router.camel;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultRegistry;

/**
 * Builds the one CamelContext of the process from the {@link RoutesBuilder} beans. It is built here
 * and started by {@link CamelLifecycle} once the application is up.
 */
@Factory
final class CamelContextFactory {

  /**
   * @param prerequisites beans that must exist before, and outlive, the routes (topics, the
   *     publisher, the database); asking for them here makes Micronaut order start and stop
   */
  @Singleton
  @Bean(preDestroy = "close")
  CamelContext camelContext(
      BeanContext beans,
      Environment environment,
      List<RoutesBuilder> routes,
      List<CamelPrerequisite> prerequisites,
      MeterRegistry meters)
      throws Exception {
    DefaultCamelContext camel =
        new DefaultCamelContext(new DefaultRegistry(new MicronautBeanRepository(beans)));
    camel
        .getCamelContextExtension()
        .setName(
            environment.getProperty("micronaut.application.name", String.class).orElse("router"));
    camel.getPropertiesComponent().addPropertiesSource(new MicronautPropertiesSource(environment));
    // A route that fails to start must fail the process, not leave a half-working router.
    camel.getShutdownStrategy().setTimeout(30);
    camel.getManagementStrategy().addEventNotifier(new RouteMetrics(meters));
    // Route configurations (error policies) first, so routes that name them find them.
    for (RoutesBuilder builder : routes) {
      if (builder instanceof RouteConfigurationsBuilder) {
        camel.addRoutesConfigurations((RouteConfigurationsBuilder) builder);
      }
    }
    for (RoutesBuilder builder : routes) {
      if (!(builder instanceof RouteConfigurationsBuilder)) {
        camel.addRoutes(builder);
      }
    }
    return camel;
  }
}
