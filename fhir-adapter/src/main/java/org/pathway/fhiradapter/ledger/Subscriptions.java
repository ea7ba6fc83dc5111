package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;
import org.pathway.events.avro.SubscriptionChanged;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.fhir.EventMapper;
import org.pathway.fhiradapter.fhir.SubscriptionReader;
import org.pathway.fhiradapter.ids.RandomUuids;
import org.pathway.fhiradapter.ledger.LedgerRefusedException.Reason;
import org.pathway.fhiradapter.ledger.store.AuditTrail;
import org.pathway.fhiradapter.ledger.store.SubscriptionRows;
import org.pathway.fhiradapter.ledger.store.SubscriptionRows.Row;

/**
 * A registered client's FHIR Subscriptions on its own Tasks: create, read, search, update (status
 * {@code off} stops it) and delete. A client reaches only the subscriptions it made (another's is
 * not found). Each change is one transaction holding the row, an audit record and {@code
 * SubscriptionChanged} on {@code pathway.subscriptions} for the router; the channel's header lines
 * travel there for delivery and are never served back.
 */
@Singleton
public class Subscriptions {

  private static final String TYPE = "Subscription";

  private final LedgerTransactions transactions;
  private final SubscriptionRows rows;
  private final AuditTrail audit;
  private final OutboxWriter outbox;

  public Subscriptions(
      LedgerTransactions transactions,
      SubscriptionRows rows,
      AuditTrail audit,
      OutboxWriter outbox) {
    this.transactions = transactions;
    this.rows = rows;
    this.audit = audit;
    this.outbox = outbox;
  }

  /**
   * Registers {@code submitted} for the caller; stored {@code active} (or {@code off} if it said
   * so). A repeated X-Request-ID of the same client is answered with the one it created.
   *
   * @throws LedgerRefusedException forbidden when the criteria reach beyond the caller's own Tasks
   */
  public Subscription create(SubscriptionReader.Submission submitted, RequestContext ctx) {
    String organization = checkScope(submitted, ctx);
    return transactions.inTransaction(
        tx -> {
          var replayed = rows.byRequest(tx, ctx.clientId(), ctx.requestId());
          if (replayed.isPresent()) {
            return resource(replayed.get());
          }
          Row row =
              row(RandomUuids.nextString(), 1, organization, ctx.clientId(), submitted, false);
          rows.save(tx, row, ctx.requestId());
          audit.record(tx, "create", TYPE, row.id(), ctx);
          announce(tx, row, ctx);
          return resource(row);
        });
  }

  /**
   * Replaces subscription {@code id} with {@code submitted} (status {@code off} stops it).
   *
   * @throws LedgerRefusedException not found (not held, deleted or another client's), forbidden
   */
  public Subscription update(
      String id, SubscriptionReader.Submission submitted, RequestContext ctx) {
    String organization = checkScope(submitted, ctx);
    return transactions.inTransaction(
        tx -> {
          Row current = own(tx, rows.lock(tx, id).orElse(null), id, ctx);
          Row row =
              row(id, current.version() + 1, organization, current.clientId(), submitted, false);
          rows.save(tx, row, null);
          audit.record(tx, "update", TYPE, id, ctx);
          announce(tx, row, ctx);
          return resource(row);
        });
  }

  /**
   * Stops and removes subscription {@code id}: announced {@code off} with no headers, then never
   * served again.
   *
   * @throws LedgerRefusedException not found (not held, deleted or another client's)
   */
  public void delete(String id, RequestContext ctx) {
    transactions.inTransaction(
        tx -> {
          Row current = own(tx, rows.lock(tx, id).orElse(null), id, ctx);
          Row row =
              new Row(
                  id,
                  current.version() + 1,
                  false,
                  current.organization(),
                  current.clientId(),
                  current.criteria(),
                  current.requesterOrganization(),
                  current.ownerOrganization(),
                  current.taskStatuses(),
                  current.endpoint(),
                  current.payload(),
                  List.of(),
                  current.reason(),
                  true,
                  LedgerTx.now());
          rows.save(tx, row, null);
          audit.record(tx, "delete", TYPE, id, ctx);
          announce(tx, row, ctx);
          return null;
        });
  }

  /** Subscription {@code id} as its client may read it (never its headers). */
  public Subscription read(String id, RequestContext ctx) {
    return transactions.inTransaction(
        tx -> resource(own(tx, rows.find(tx, id).orElse(null), id, ctx)));
  }

  /** The caller's own subscriptions, optionally only those with FHIR status {@code status}. */
  public List<Subscription> search(String status, int count, RequestContext ctx) {
    String stored =
        status == null
            ? null
            : "off".equals(status) ? "off" : "active".equals(status) ? "active" : "";
    return transactions.inTransaction(
        tx ->
            rows.search(tx, ctx.caller() == null ? null : ctx.clientId(), stored, count).stream()
                .map(Subscriptions::resource)
                .toList());
  }

  private static String checkScope(SubscriptionReader.Submission submitted, RequestContext ctx) {
    SubscriptionScope.refusal(submitted.criteria(), ctx.visibility())
        .ifPresent(
            issue -> {
              throw new LedgerRefusedException(Reason.FORBIDDEN, issue);
            });
    return ctx.caller() == null ? "pathway" : ctx.caller().organization();
  }

  /** {@code row} if the caller made it and it is not deleted; not found otherwise (tenancy). */
  private static Row own(LedgerTx tx, Row row, String id, RequestContext ctx) {
    if (row == null
        || row.deleted()
        || (ctx.caller() != null && !row.clientId().equals(ctx.clientId()))) {
      throw LedgerRefusedException.notFound(null, TYPE + "/" + id);
    }
    return row;
  }

  private static Row row(
      String id,
      int version,
      String organization,
      String clientId,
      SubscriptionReader.Submission s,
      boolean deleted) {
    return new Row(
        id,
        version,
        !s.off(),
        organization,
        clientId,
        s.criteria().text(),
        s.criteria().requesterOrganization(),
        s.criteria().ownerOrganization(),
        s.criteria().statuses(),
        s.endpoint(),
        s.payload(),
        s.headers(),
        s.reason(),
        deleted,
        LedgerTx.now());
  }

  private void announce(LedgerTx tx, Row row, RequestContext ctx) throws SQLException {
    OffsetDateTime at = row.lastUpdated();
    var env =
        EventMapper.envelope(
            row.id(),
            ctx.correlationId() != null ? ctx.correlationId() : RandomUuids.nextString(),
            ctx.causationId(),
            at.toInstant());
    var event =
        SubscriptionChanged.newBuilder()
            .setEnvelope(env)
            .setSubscriptionId(row.id())
            .setVersion(row.version())
            .setStatus(
                row.active()
                    ? org.pathway.events.avro.SubscriptionStatus.ACTIVE
                    : org.pathway.events.avro.SubscriptionStatus.OFF)
            .setOrganization(row.organization())
            .setClientId(row.clientId())
            .setCriteria(row.criteria())
            .setRequesterOrganization(row.requesterOrganization())
            .setOwnerOrganization(row.ownerOrganization())
            .setTaskStatuses(row.taskStatuses())
            .setEndpoint(row.endpoint())
            .setPayload(row.payload())
            // A stopped subscription's secret has no further use downstream.
            .setHeaders(row.active() ? row.headers() : List.of())
            .setChangedAt(at.toInstant())
            .build();
    outbox.append(tx, Topics.SUBSCRIPTIONS, row.id(), env, event, at);
  }

  /** The row as FHIR, without its header lines: they are the subscriber's secret. */
  static Subscription resource(Row row) {
    Subscription s = new Subscription();
    s.setId(TYPE + "/" + row.id() + "/_history/" + row.version());
    s.getMeta().setVersionId(Integer.toString(row.version()));
    s.getMeta().setLastUpdated(Date.from(row.lastUpdated().toInstant()));
    s.setStatus(row.active() ? SubscriptionStatus.ACTIVE : SubscriptionStatus.OFF);
    s.setCriteria(row.criteria());
    if (row.reason() != null) {
      s.setReason(row.reason());
    }
    var channel = s.getChannel();
    channel.setType(SubscriptionChannelType.RESTHOOK);
    channel.setEndpoint(row.endpoint());
    if (row.payload() != null) {
      channel.setPayload(row.payload());
    }
    return s;
  }
}
