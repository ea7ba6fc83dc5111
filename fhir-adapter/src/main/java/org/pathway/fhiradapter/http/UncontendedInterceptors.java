package org.pathway.fhiradapter.http;

import ca.uhn.fhir.interceptor.api.IBaseInterceptorBroadcaster.IInvoker;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.executor.InterceptorService;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * HAPI's interceptor service with each pointcut's hooks read without a lock. HAPI's looks them up
 * under one lock on every hook call, and the server calls several hooks a request; on a busy
 * machine the lock's holder is descheduled holding it and every request thread queues behind it.
 * Here a pointcut's list is looked up that way once and then kept; any change to the registered
 * interceptors drops every kept list. Interceptors are registered before the server serves.
 */
final class UncontendedInterceptors extends InterceptorService {

  private final Map<Pointcut, List<IInvoker>> kept = new ConcurrentHashMap<>();

  UncontendedInterceptors(String name) {
    super(name);
  }

  @Override
  public List<IInvoker> getInvokersForPointcut(Pointcut pointcut) {
    List<IInvoker> invokers = kept.get(pointcut);
    if (invokers == null) {
      invokers = List.copyOf(super.getInvokersForPointcut(pointcut));
      kept.put(pointcut, invokers);
    }
    return invokers;
  }

  @Override
  public boolean registerInterceptor(Object interceptor) {
    try {
      return super.registerInterceptor(interceptor);
    } finally {
      kept.clear();
    }
  }

  @Override
  public boolean unregisterInterceptor(Object interceptor) {
    try {
      return super.unregisterInterceptor(interceptor);
    } finally {
      kept.clear();
    }
  }

  @Override
  public void registerInterceptors(Collection<?> interceptors) {
    try {
      super.registerInterceptors(interceptors);
    } finally {
      kept.clear();
    }
  }

  @Override
  public void unregisterInterceptors(Collection<?> interceptors) {
    try {
      super.unregisterInterceptors(interceptors);
    } finally {
      kept.clear();
    }
  }

  @Override
  public void unregisterInterceptorsIf(Predicate<Object> which) {
    try {
      super.unregisterInterceptorsIf(which);
    } finally {
      kept.clear();
    }
  }

  @Override
  public void unregisterAllInterceptors() {
    try {
      super.unregisterAllInterceptors();
    } finally {
      kept.clear();
    }
  }

  @Override
  public void unregisterAllAnonymousInterceptors() {
    try {
      super.unregisterAllAnonymousInterceptors();
    } finally {
      kept.clear();
    }
  }

  @Override
  protected void registerAnonymousInterceptor(
      Pointcut pointcut, Object interceptor, BaseInvoker invoker) {
    try {
      super.registerAnonymousInterceptor(pointcut, interceptor, invoker);
    } finally {
      kept.clear();
    }
  }
}
