package org.pathway.fhiradapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathway.access.clients.Role;
import org.pathway.access.scopes.ScopeSet;
import org.pathway.access.tokens.Caller;
import org.pathway.fhiradapter.ledger.store.TaskRows;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.fhiradapter.support.LedgerDatabase;
import org.pathway.testsupport.database.TableReads;
import org.pathway.testsupport.database.TestDatabase;

/**
 * Deciding whether a link-worker service may see a Task reads a handful of Task rows, however large
 * its caseload (real PostgreSQL, the ledger's schema, statistics gathered): a group's Task is
 * visible to it through the parent Task it owns, and another service's Task is not, each found
 * without reading the {@value #CASELOAD} Tasks it owns. Each test runs in one transaction, rolled
 * back, and counts the rows it read from {@code pg_stat_xact_user_tables}.
 */
class TaskVisibilityIT {

  /** Tasks the link-worker service owns beside the ones each test reads. */
  static final int CASELOAD = 20_000;

  /** Far above what deciding one Task reads, far below a scan of the caseload. */
  static final long A_HANDFUL = 50;

  static final String SERVICE = "lw-city";

  static TestDatabase db;
  final TaskRows tasks = new TaskRows(Fixtures.FHIR);
  Connection connection;
  LedgerTx tx;

  @BeforeAll
  static void start() {
    db = LedgerDatabase.create("task_visibility");
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  /**
   * The service's caseload; a group's Task part of its first Task, passed on by a hub (so neither
   * owned nor requested by the service); another service's Task.
   */
  @BeforeEach
  void ledger() throws SQLException {
    connection = db.connect();
    connection.setAutoCommit(false);
    tx = new LedgerTx(connection);
    sql(
        "INSERT INTO task (id, version, referral_id, root_referral_id, status, last_updated, body,"
            + " owner_org, requester_org) SELECT 'task-' || g, 1, 'ref-' || g, 'ref-' || g,"
            + " 'accepted', now(), '"
            + body("task-0")
            + "', '"
            + SERVICE
            + "', 'A81001' FROM generate_series(1, "
            + CASELOAD
            + ") g");
    sql(
        "INSERT INTO task (id, version, referral_id, root_referral_id, status, last_updated, body,"
            + " owner_org, requester_org, part_of) VALUES"
            + " ('group-task', 1, 'ref-1', 'ref-1', 'requested', now(), '"
            + body("group-task")
            + "', 'walking-group', 'hub-leeds', 'task-1'),"
            + " ('elsewhere', 1, 'ref-x', 'ref-x', 'requested', now(), '"
            + body("elsewhere")
            + "', 'lw-youth', 'A81002', NULL)");
    sql("ANALYZE task");
  }

  @AfterEach
  void rollBack() throws SQLException {
    connection.rollback();
    connection.close();
  }

  @Test
  void aGroupsTaskIsSeenThroughItsParentWithoutReadingTheCaseload() throws SQLException {
    long before = taskRowsRead();

    var read = tasks.read(tx, "group-task", service());
    var locked = tasks.lock(tx, "group-task", service());

    assertThat(read).isPresent();
    assertThat(locked).isPresent();
    assertThat(taskRowsRead() - before).isLessThan(A_HANDFUL);
  }

  @Test
  void anotherServicesTaskIsRefusedWithoutReadingTheCaseload() throws SQLException {
    long before = taskRowsRead();

    var read = tasks.read(tx, "elsewhere", service());
    var locked = tasks.lock(tx, "elsewhere", service());

    assertThat(read).isEmpty();
    assertThat(locked).isEmpty();
    assertThat(taskRowsRead() - before).isLessThan(A_HANDFUL);
  }

  /** What the link-worker service may see. */
  static Visibility service() {
    return Visibility.of(
        new Caller(
            "lw-city-system",
            SERVICE,
            Role.LINK_WORKER_SERVICE,
            null,
            ScopeSet.parse("system/Task.rs"),
            List.of(),
            "jti-1"));
  }

  static String body(String id) {
    return Fixtures.FHIR
        .newJsonParser()
        .encodeResourceToString(new org.hl7.fhir.r4.model.Task().setId(id));
  }

  long taskRowsRead() throws SQLException {
    return TableReads.rowsReadInTransaction(connection, "task");
  }

  void sql(String statement) throws SQLException {
    try (var st = connection.createStatement()) {
      st.execute(statement);
    }
  }
}
