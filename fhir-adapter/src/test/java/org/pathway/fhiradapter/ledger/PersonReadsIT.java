package org.pathway.fhiradapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.ledger.store.ResourceRows;
import org.pathway.fhiradapter.ledger.store.RetentionRows;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.fhiradapter.support.LedgerDatabase;
import org.pathway.testsupport.database.TableReads;
import org.pathway.testsupport.database.TestDatabase;

/**
 * A person is reached through their own referrals, however many the ledger holds (real PostgreSQL,
 * the ledger's schema, statistics gathered): a Patient read, their pathways and the purge of one of
 * their pathways each read a handful of referral rows, not the ledger's {@value #LEDGER} others;
 * and the person goes with the last pathway that names them, whichever they were stored with. Each
 * test runs in one transaction, rolled back, and counts the rows it read from {@code
 * pg_stat_xact_user_tables}.
 */
class PersonReadsIT {

  /** Other people's referrals the ledger holds beside the person's own. */
  static final int LEDGER = 20_000;

  /** Far above what a lookup of one person reads, far below a scan of the ledger. */
  static final long A_HANDFUL = 50;

  static final String PERSON = "person-1";
  static final String OWNER = "lw-city";

  static TestDatabase db;
  final ResourceRows resources = new ResourceRows(Fixtures.FHIR);
  final RetentionRows retention = new RetentionRows();
  Connection connection;
  LedgerTx tx;

  @BeforeAll
  static void start() {
    db = LedgerDatabase.create("person_reads");
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  /** The person's two pathways (each a referral with its Task), among everyone else's. */
  @BeforeEach
  void ledger() throws SQLException {
    connection = db.connect();
    connection.setAutoCommit(false);
    tx = new LedgerTx(connection);
    sql(
        "INSERT INTO referral (id, identifier_system, identifier_value, root_referral_id, task_id,"
            + " patient_id, correlation_id, created_at, client_id)"
            + " SELECT 'ref-' || g, 'urn:other', 'v' || g, 'ref-' || g, 'task-' || g,"
            + " 'person-' || (g + 1), 'corr-' || g, now() - (g || ' minutes')::interval,"
            + " 'practice' FROM generate_series(1, "
            + (LEDGER + 2)
            + ") g");
    sql(
        "UPDATE referral SET patient_id = '"
            + PERSON
            + "', created_at = now() - (id = 'ref-2')::int * interval '1 year'"
            + " WHERE id IN ('ref-1', 'ref-2')");
    sql(
        "INSERT INTO task (id, version, referral_id, root_referral_id, status, last_updated, body,"
            + " owner_org) VALUES"
            + " ('task-1', 1, 'ref-1', 'ref-1', 'completed', now(), '{}', '"
            + OWNER
            + "'), ('task-2', 1, 'ref-2', 'ref-2', 'completed', now(), '{}', '"
            + OWNER
            + "')");
    sql(
        "INSERT INTO fhir_resource (resource_type, id, version, last_updated, referral_id, body)"
            + " VALUES ('Patient', '"
            + PERSON
            + "', 1, now(), 'ref-1', '"
            + Fixtures.FHIR.newJsonParser().encodeResourceToString(new Patient().setActive(true))
            + "')");
    sql("ANALYZE referral");
  }

  @AfterEach
  void rollBack() throws SQLException {
    connection.rollback();
    connection.close();
  }

  @Test
  void readingAPersonReadsOnlyTheirReferrals() throws SQLException {
    long before = referralRowsRead();

    var person = resources.read(tx, "Patient", PERSON, owner());

    assertThat(person).isPresent();
    assertThat(referralRowsRead() - before).isLessThan(A_HANDFUL);
  }

  @Test
  void aPersonsPathwaysAreFoundFromTheirReferralsOldestFirst() throws SQLException {
    long before = referralRowsRead();

    List<String> pathways = resources.pathwaysOf(tx, PERSON);

    assertThat(pathways).containsExactly("ref-2", "ref-1");
    assertThat(referralRowsRead() - before).isLessThan(A_HANDFUL);
  }

  @Test
  void purgingOneOfAPersonsPathwaysReadsOnlyTheirReferrals() throws SQLException {
    long before = referralRowsRead();

    retention.removeReferrals(tx, List.of("ref-1"));

    assertThat(referralRowsRead() - before).isLessThan(A_HANDFUL);
    assertThat(resources.pathwaysOf(tx, PERSON)).containsExactly("ref-2");
  }

  @Test
  void aPersonNamedByTwoPathwaysIsKeptWithTheFirstPurgedAndGoesWithTheLast() throws SQLException {
    // when the pathway the person was first stored with is purged, the other still names them
    retention.removeReferrals(tx, List.of("ref-1"));
    assertThat(resources.read(tx, "Patient", PERSON, owner())).isPresent();

    // and when that one is purged too, nothing of the person is left
    retention.removeReferrals(tx, List.of("ref-2"));
    assertThat(count("SELECT count(*) FROM fhir_resource WHERE id = '" + PERSON + "'")).isZero();
  }

  /** The link-worker service that owns the person's Tasks. */
  static Visibility owner() {
    return new Visibility(false, Set.of(OWNER), Set.of(), Set.of(), true);
  }

  long referralRowsRead() throws SQLException {
    return TableReads.rowsReadInTransaction(connection, "referral");
  }

  long count(String query) throws SQLException {
    try (var st = connection.createStatement();
        var rs = st.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  void sql(String statement) throws SQLException {
    try (var st = connection.createStatement()) {
      st.execute(statement);
    }
  }
}
