package org.pathway.fhiradapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.HookParams;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UncontendedInterceptorsTest {

  private final List<String> heard = new ArrayList<>();

  /** An interceptor with one hook, which writes down that it was called. */
  final class Listener {
    private final String name;

    Listener(String name) {
      this.name = name;
    }

    @Hook(Pointcut.TEST_RB)
    public boolean called(String first, String second) {
      heard.add(name);
      return true;
    }
  }

  private void callHooks(UncontendedInterceptors service) {
    heard.clear();
    service.callHooks(
        Pointcut.TEST_RB, new HookParams().add(String.class, "a").add(String.class, "b"));
  }

  @Test
  void aHookRegisteredAfterThePointcutWasCalledIsCalledNextTime() {
    var service = new UncontendedInterceptors("test");
    service.registerInterceptor(new Listener("first"));
    callHooks(service);
    assertThat(heard).containsExactly("first");

    // when another interceptor is registered once the first's list was kept
    service.registerInterceptor(new Listener("second"));
    callHooks(service);

    // then both are called
    assertThat(heard).containsExactlyInAnyOrder("first", "second");
  }

  @Test
  void aHookUnregisteredIsNotCalledAgain() {
    var service = new UncontendedInterceptors("test");
    var first = new Listener("first");
    service.registerInterceptor(first);
    service.registerInterceptors(Set.of(new Listener("second")));
    callHooks(service);
    assertThat(heard).containsExactlyInAnyOrder("first", "second");

    service.unregisterInterceptor(first);
    callHooks(service);
    assertThat(heard).containsExactly("second");

    service.unregisterAllInterceptors();
    callHooks(service);
    assertThat(heard).isEmpty();
  }

  @Test
  void anAnonymousHookIsCalledOnceRegistered() {
    var service = new UncontendedInterceptors("test");
    callHooks(service);
    assertThat(heard).isEmpty();

    service.registerAnonymousInterceptor(
        Pointcut.TEST_RB, (pointcut, params) -> heard.add("anonymous"));
    callHooks(service);
    assertThat(heard).containsExactly("anonymous");

    service.unregisterAllAnonymousInterceptors();
    callHooks(service);
    assertThat(heard).isEmpty();
  }
}
