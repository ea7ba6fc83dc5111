package org.pathway.access.endpoint;

import com.nimbusds.jose.jwk.JWKSet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** {@code GET /oauth/jwks}: Pathway's public signing keys, for anyone verifying its tokens. */
public final class JwksServlet extends HttpServlet {

  private final transient Map<String, Object> keys;

  public JwksServlet(JWKSet publicKeys) {
    // toJSONObject(true) drops any private half, whatever set is passed in.
    this.keys = publicKeys.toJSONObject(true);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Cache-Control", "public, max-age=300");
    JsonAnswer.write(response, 200, "application/jwk-set+json", keys);
  }
}
