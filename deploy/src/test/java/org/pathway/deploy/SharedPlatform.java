package org.pathway.deploy;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test the {@link Platform} with dev mode's settings, started once for every platform test
 * of the run that needs nothing of its own (each start costs the verify run about a minute) and
 * stopped when the run ends. Tests on it share one broker, mail server and GP system, so each finds
 * what is its own by its Task, address or time, never by "everything there".
 *
 * <p>Use: {@code @ExtendWith(SharedPlatform.class)} and a {@code Platform} parameter on the
 * {@code @BeforeAll} method.
 */
public final class SharedPlatform implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Platform.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // The root store closes what it holds when the whole run ends, before the JVM does.
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(SharedPlatform.class))
        .getOrComputeIfAbsent("platform", key -> start(), Running.class)
        .platform();
  }

  private static Running start() {
    try {
      return new Running(
          new Platform(Files.createTempDirectory("pathway-shared-"), "shared", Map.of()));
    } catch (Exception e) {
      throw new IllegalStateException("the shared platform did not start", e);
    }
  }

  private record Running(Platform platform) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      platform.close();
    }
  }
}
