package org.pathway.router.camel;

import io.micronaut.context.BeanContext;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets routes reach Micronaut beans by their {@code @Named} name, and only by name: lookups by type
 * answer nothing, so Camel never picks up a bean by accident (libraries register {@code @Any} beans
 * that would otherwise match every request) and falls back to its own defaults.
 */
final class MicronautBeanRepository implements org.apache.camel.spi.BeanRepository {

  private final BeanContext beans;
  private final Map<String, Optional<BeanDefinition<Object>>> definitions =
      new ConcurrentHashMap<>();

  MicronautBeanRepository(BeanContext beans) {
    this.beans = beans;
  }

  @Override
  public Object lookupByName(String name) {
    // Camel looks beans up on every exchange; scanning all definitions each time costs far more
    // than the route itself. Micronaut's definitions are fixed at build time, so resolve once.
    return definitions.computeIfAbsent(name, this::resolve).map(beans::getBean).orElse(null);
  }

  private Optional<BeanDefinition<Object>> resolve(String name) {
    // Only an explicit @Named match counts: @Any beans (micronaut-serde has some) match any name.
    List<BeanDefinition<Object>> found =
        beans.getBeanDefinitions(Object.class, Qualifiers.byName(name)).stream()
            .filter(d -> name.equals(d.stringValue(Named.class).orElse(null)))
            .toList();
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }

  @Override
  public <T> T lookupByNameAndType(String name, Class<T> type) {
    Object bean = lookupByName(name);
    return type.isInstance(bean) ? type.cast(bean) : null;
  }

  @Override
  public <T> Map<String, T> findByTypeWithName(Class<T> type) {
    return Map.of();
  }

  @Override
  public <T> Set<T> findByType(Class<T> type) {
    return Set.of();
  }
}
