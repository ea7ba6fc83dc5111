package org.pathway.reporting.view;

import java.util.Locale;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/** Renders a page template ({@code templates/<name>.html}) with a model, as portal does. */
public final class PageRenderer {

  private final TemplateEngine engine;

  public PageRenderer() {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("templates/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    engine = new TemplateEngine();
    engine.setTemplateResolver(resolver);
    engine.setMessageResolver(new Messages());
  }

  /** The page's HTML. */
  public String render(String template, Locale locale, Map<String, Object> model) {
    Context context = new Context(locale, model);
    context.setVariable("lang", locale.toLanguageTag());
    return engine.process(template, context);
  }
}
