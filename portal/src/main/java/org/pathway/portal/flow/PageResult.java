package org.pathway.portal.flow;

import java.util.Map;

/** What a request answers: a page to render with a status, or a redirect (POST → 303 → GET). */
public sealed interface PageResult {

  /** A page: {@code templates/<template>.html} with a model, answered with {@code status}. */
  record Page(String template, int status, Map<String, Object> model) implements PageResult {}

  /** A 303 to the link's page with a notice ({@code said}) or a problem to show. */
  record Redirect(String query) implements PageResult {}
}
