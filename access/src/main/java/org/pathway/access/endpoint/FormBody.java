package org.pathway.access.endpoint;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an {@code application/x-www-form-urlencoded} body. RFC 6749 forbids a parameter twice, so a
 * repeat is refused rather than one of them silently winning.
 */
final class FormBody {

  private FormBody() {}

  static Map<String, String> parse(String body) throws OAuthErrorException {
    Map<String, String> form = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return form;
    }
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (form.putIfAbsent(name, value) != null) {
        throw OAuthErrorException.invalidRequest(
            "parameter '" + name + "' is given more than once");
      }
    }
    return form;
  }

  private static String decode(String text) throws OAuthErrorException {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw OAuthErrorException.invalidRequest("the form body is not valid percent-encoding");
    }
  }
}
