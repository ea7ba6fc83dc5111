package org.pathway.localkafka;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;

/**
 * One throw-away in-process broker per JVM, handed to one test class after another, each time as
 * empty as a new one: no topics, no consumer groups (so no committed offsets). Starting a broker
 * for every class cost each IT class seconds; the classes of a module's test JVM run one after the
 * other, so the next class may reuse it once the last one closed its clients.
 */
final class SharedTestBroker {

  private static final long ADMIN_TIMEOUT_SECONDS = 30;
  private static final long MEMBERS_LEAVING_SECONDS = 10;

  // Started on first use; it lives as long as the test JVM, like the tests' embedded PostgreSQL.
  private static KraftBroker broker;

  private SharedTestBroker() {}

  /** The JVM's test broker, emptied; closing the returned cluster leaves the broker running. */
  static synchronized KafkaCluster emptied() {
    if (broker == null) {
      broker = KraftBroker.startTemporary();
    } else {
      empty(broker);
    }
    return new Lease(broker);
  }

  /**
   * Deletes every consumer group and every topic an earlier class left. A group that still has
   * members means a consumer of an earlier class was never closed: it would read this class's
   * records, so that fails here rather than as a puzzling assertion later.
   */
  private static void empty(KafkaCluster cluster) {
    try (Admin admin = Admin.create(cluster.adminConfig())) {
      List<String> groups =
          admin.listGroups().all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
              .map(GroupListing::groupId)
              .toList();
      for (String group : groups) {
        deleteGroup(admin, group);
      }
      Set<String> topics = admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!topics.isEmpty()) {
        admin.deleteTopics(topics).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        // The controller has forgotten them; the broker closes their logs a moment later, and a
        // topic made again meanwhile would look missing to the class's first client.
        awaitMetadata(admin, names -> names.stream().noneMatch(topics::contains), "deleted");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while emptying the test broker", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "could not empty the test broker " + cluster.description(), e);
    }
  }

  /** Waits until the broker's metadata satisfies {@code done}; fails after the admin timeout. */
  static void awaitMetadata(Admin admin, Predicate<Set<String>> done, String what)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ADMIN_TIMEOUT_SECONDS);
    while (!done.test(admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS))) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("the broker's metadata never showed the topics " + what);
      }
      Thread.sleep(50);
    }
  }

  /**
   * Deletes {@code group}, waiting a little for members that are still leaving: a consumer closed
   * on a thread of its own may leave its group a moment after the class's last line.
   */
  private static void deleteGroup(Admin admin, String group)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MEMBERS_LEAVING_SECONDS);
    while (true) {
      try {
        admin
            .deleteConsumerGroups(List.of(group))
            .all()
            .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof GroupIdNotFoundException) {
          return;
        }
        if (!(e.getCause() instanceof GroupNotEmptyException)) {
          throw new IllegalStateException("could not delete consumer group " + group, e);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "consumer group "
                  + group
                  + " of an earlier test class still has members: close its consumers after the"
                  + " class, or they read the next class's records",
              e);
        }
        Thread.sleep(100);
      }
    }
  }

  /** The shared broker as one test class sees it: closing it ends the lease, not the broker. */
  private record Lease(KraftBroker broker) implements KafkaCluster {

    @Override
    public String bootstrapServers() {
      return broker.bootstrapServers();
    }

    @Override
    public String description() {
      return "shared test " + broker.description();
    }

    /** As every cluster's, then waits until the broker itself lists the new topics. */
    @Override
    public void createTopics(Map<String, Object> adminConfig, Collection<NewTopic> topics) {
      KafkaCluster.super.createTopics(adminConfig, topics);
      Set<String> names = topics.stream().map(NewTopic::name).collect(Collectors.toSet());
      try (Admin admin = Admin.create(adminConfig)) {
        awaitMetadata(admin, listed -> listed.containsAll(names), "created");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating topics", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("created topics never showed on " + description(), e);
      }
    }

    @Override
    public void close() {
      // The next test class empties the broker before it uses it.
    }
  }
}
