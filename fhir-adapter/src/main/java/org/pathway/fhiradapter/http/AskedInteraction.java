package org.pathway.fhiradapter.http;

/**
 * What a request asked for, read from its method and path alone (so refusals made before HAPI saw
 * the request are named too): the FHIR interaction (the AuditEvent subtype code), the resource type
 * and the id.
 *
 * @param interaction {@code read}, {@code vread}, {@code history-instance}, {@code search-type},
 *     {@code create}, {@code update}, {@code patch}, {@code delete}, {@code transaction}, {@code
 *     operation}, {@code capabilities}, {@code search-system}, {@code token}, or {@code unknown}
 * @param resourceType the type, or null
 * @param id the id, or null
 */
record AskedInteraction(String interaction, String resourceType, String id) {

  /** {@code path} is the request URI, e.g. {@code /fhir/Task/123/_history/2}. */
  static AskedInteraction of(String method, String path) {
    if (path.startsWith("/oauth/")) {
      return new AskedInteraction(path.substring("/oauth/".length()), null, null);
    }
    String rest = path.startsWith("/fhir") ? path.substring("/fhir".length()) : path;
    String[] parts =
        rest.isEmpty() || "/".equals(rest) ? new String[0] : rest.substring(1).split("/");
    if (parts.length == 0) {
      return new AskedInteraction(
          "POST".equals(method) ? "transaction" : "search-system", null, null);
    }
    String type = parts[0];
    if ("metadata".equals(type)) {
      return new AskedInteraction("capabilities", null, null);
    }
    if (type.startsWith("$") || type.startsWith(".")) {
      return new AskedInteraction("operation", null, null);
    }
    if (!type.matches("[A-Z][A-Za-z]{1,63}")) {
      return new AskedInteraction("unknown", null, null);
    }
    if (parts.length == 1) {
      return new AskedInteraction(
          switch (method) {
            case "POST" -> "create";
            case "GET", "HEAD" -> "search-type";
            default -> "unknown";
          },
          type,
          null);
    }
    String second = parts[1];
    if ("_search".equals(second)) {
      return new AskedInteraction("search-type", type, null);
    }
    if ("_history".equals(second)) {
      return new AskedInteraction("history-type", type, null);
    }
    if (second.startsWith("$")) {
      return new AskedInteraction("operation", type, null);
    }
    String id = second;
    if (parts.length == 2) {
      return new AskedInteraction(
          switch (method) {
            case "GET", "HEAD" -> "read";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> "unknown";
          },
          type,
          id);
    }
    if ("_history".equals(parts[2])) {
      return new AskedInteraction(parts.length > 3 ? "vread" : "history-instance", type, id);
    }
    return new AskedInteraction(parts[2].startsWith("$") ? "operation" : "unknown", type, id);
  }
}
