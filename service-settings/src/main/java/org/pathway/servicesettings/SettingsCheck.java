package org.pathway.servicesettings;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds every Pathway configuration record ({@code @ConfigurationProperties} records in {@code
 * org.pathway}) as the service starts, so a wrong setting stops start-up at once rather than when
 * the feature is first used, and says which setting it was. Micronaut's own complaint about a value
 * it cannot convert names only a constructor parameter; this names the key, the environment
 * variable and the value.
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class SettingsCheck {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{\\s*([A-Za-z0-9_]+)\\s*:");

  private final List<Class<?>> checked = new ArrayList<>();

  public SettingsCheck(ApplicationContext context) {
    List<BeanDefinition<?>> records =
        context.getBeanDefinitions(Qualifiers.byStereotype(ConfigurationProperties.class)).stream()
            .filter(d -> d.getBeanType().isRecord())
            .filter(d -> d.getBeanType().getName().startsWith("org.pathway."))
            .sorted(Comparator.comparing(d -> d.getBeanType().getName()))
            .toList();
    for (BeanDefinition<?> definition : records) {
      String prefix = definition.stringValue(ConfigurationProperties.class).orElse("");
      for (RecordComponent component : definition.getBeanType().getRecordComponents()) {
        convertible(context, prefix + "." + kebab(component.getName()), component.getType());
      }
    }
    for (BeanDefinition<?> definition : records) {
      try {
        context.getBean(definition.getBeanType());
      } catch (BeanInstantiationException e) {
        throw invalidSettingIn(e).orElseThrow(() -> e);
      }
      checked.add(definition.getBeanType());
    }
  }

  /** The configuration records built and checked at start-up. */
  public List<Class<?>> checked() {
    return List.copyOf(checked);
  }

  private static void convertible(ApplicationContext context, String key, Class<?> type) {
    // Blank is "not set": optional settings are declared as ${VARIABLE:} in application.yml.
    Optional<String> raw = context.getProperty(key, String.class).filter(v -> !v.isBlank());
    Setting setting = Setting.of(key, variable(context, key));
    if (raw.isEmpty()) {
      if (type.isPrimitive()) {
        throw setting.invalid("must be set");
      }
      return;
    }
    if (type == String.class) {
      return;
    }
    if (context.getProperty(key, wrap(type)).isEmpty()) {
      throw setting.invalid("is '" + raw.get() + "', which is not " + describe(type));
    }
  }

  /** The environment variable {@code application.yml} reads for {@code key}, if it names one. */
  static String variable(ApplicationContext context, String key) {
    for (PropertySource source : context.getEnvironment().getPropertySources()) {
      Object value = source.get(key);
      if (value instanceof CharSequence text) {
        Matcher m = PLACEHOLDER.matcher(text);
        if (m.find()) {
          return m.group(1);
        }
      }
    }
    return "no environment variable";
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }

  private static String describe(Class<?> type) {
    if (type == java.time.Duration.class) {
      return "a duration (e.g. 500ms, 15s, 2m, 5d)";
    }
    if (type == int.class || type == long.class || type == short.class) {
      return "a whole number";
    }
    if (type == double.class || type == float.class) {
      return "a number";
    }
    if (type == boolean.class) {
      return "true or false";
    }
    return "a " + type.getSimpleName();
  }

  private static Class<?> wrap(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    return switch (type.getName()) {
      case "int" -> Integer.class;
      case "long" -> Long.class;
      case "short" -> Short.class;
      case "double" -> Double.class;
      case "float" -> Float.class;
      case "boolean" -> Boolean.class;
      case "byte" -> Byte.class;
      case "char" -> Character.class;
      default -> type;
    };
  }

  private static Optional<InvalidSettingException> invalidSettingIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidSettingException invalid) {
        return Optional.of(invalid);
      }
    }
    return Optional.empty();
  }
}
