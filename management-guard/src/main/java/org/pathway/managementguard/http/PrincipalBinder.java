package org.pathway.managementguard.http;

import io.micronaut.core.bind.ArgumentBinder;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.security.Principal;
import java.util.Optional;

/**
 * Hands an endpoint's {@code Principal} parameter the principal the guard put on the request.
 * Micronaut core binds none by itself (micronaut-security would); health asks for one to decide
 * whether to show details.
 */
@Singleton
final class PrincipalBinder implements TypedRequestArgumentBinder<Principal> {

  @Override
  public Argument<Principal> argumentType() {
    return Argument.of(Principal.class);
  }

  @Override
  public ArgumentBinder.BindingResult<Principal> bind(
      ArgumentConversionContext<Principal> context, HttpRequest<?> source) {
    Optional<Principal> principal = source.getUserPrincipal();
    return principal.isPresent() ? () -> principal : ArgumentBinder.BindingResult.empty();
  }
}
