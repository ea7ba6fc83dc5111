package org.pathway.localkafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * Creates SCRAM users and ACLs through an admin client, and returns once the broker enforces them:
 * the controller commits a change before the broker has applied it, and a client that logs in
 * between the two is refused.
 */
final class AccessGrants {

  private static final Duration WAIT = Duration.ofSeconds(30);
  // Kafka's minimum for SCRAM-SHA-512; a local broker gains nothing from more.
  private static final int ITERATIONS = 4096;

  private AccessGrants() {}

  /** Creates or replaces the SCRAM-SHA-512 credentials of {@code users}. */
  static void createUsers(Admin admin, Collection<ScramUser> users) {
    if (users.isEmpty()) {
      return;
    }
    List<UserScramCredentialAlteration> upserts =
        users.stream()
            .<UserScramCredentialAlteration>map(
                u ->
                    new UserScramCredentialUpsertion(
                        u.name(),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS),
                        u.password()))
            .toList();
    await(admin.alterUserScramCredentials(upserts).all());
    List<String> names = users.stream().map(ScramUser::name).toList();
    // Until the broker has them, describing them fails with "not found" rather than answering.
    waitUntil(
        () -> {
          try {
            return admin
                .describeUserScramCredentials(names)
                .all()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS)
                .keySet()
                .containsAll(names);
          } catch (ExecutionException e) {
            return false;
          } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not answer within " + WAIT, e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted talking to the broker", e);
          }
        },
        "SCRAM users " + names);
  }

  /** Creates {@code acls}; existing ones are kept. */
  static void grant(Admin admin, Collection<AclBinding> acls) {
    if (acls.isEmpty()) {
      return;
    }
    await(admin.createAcls(acls).all());
    Set<AclBinding> wanted = new HashSet<>(acls);
    waitUntil(
        () -> await(admin.describeAcls(AclBindingFilter.ANY).values()).containsAll(wanted),
        acls.size() + " ACLs");
  }

  private static void waitUntil(BooleanSupplier done, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the broker did not apply " + what + " within " + WAIT);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }

  private static <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the broker refused: " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the broker did not answer within " + WAIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted talking to the broker", e);
    }
  }
}
