package org.pathway.reporting.view;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.AbstractMessageResolver;

/**
 * Every word the dashboard shows, from the one bundle {@code i18n/messages.properties} (UTF-8): the
 * templates, chart labels and CSV headers hold none of their own. A missing key shows as {@code
 * ??key??}, which the browser test would see.
 */
public final class Messages extends AbstractMessageResolver {

  /** The bundle's base name on the classpath. */
  public static final String BUNDLE = "i18n/messages";

  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  /** The text of {@code key} in {@code locale}, with {@code args} filled in. */
  public static String text(Locale locale, String key, Object... args) {
    ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale, NO_FALLBACK);
    try {
      String pattern = bundle.getString(key);
      return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    } catch (MissingResourceException e) {
      return "??" + key + "??";
    }
  }

  @Override
  public String resolveMessage(
      ITemplateContext context, Class<?> origin, String key, Object[] messageParameters) {
    return text(
        context.getLocale(), key, messageParameters == null ? new Object[0] : messageParameters);
  }

  @Override
  public String createAbsentMessageRepresentation(
      ITemplateContext context, Class<?> origin, String key, Object[] messageParameters) {
    return "??" + key + "??";
  }
}
