package org.pathway.fhiradapter.applier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.ledger.AppliedEvents;
import org.pathway.fhiradapter.ledger.LadderDecisions;
import org.pathway.fhiradapter.ledger.LedgerTransactions;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.ConsumedEvents;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.fhiradapter.support.Referrals;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;

/**
 * The applier's handler driven poll by poll, as its consumer loop drives it, on the adapter's own
 * ledger beans and real PostgreSQL: a poll's entries in the applied-event log go with its appends,
 * and an event applied before is skipped, not a reason to fail the poll's commit.
 */
class AppliedPollsIT {

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;
  static IGenericClient client;

  @BeforeAll
  static void start() {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("applied_polls");
    adapter = Adapter.start(db, kafka.bootstrapServers());
    client = adapter.client("practice-a81001");
  }

  @AfterAll
  static void stop() {
    adapter.close();
    kafka.close();
    db.close();
  }

  @Test
  void anEventAppliedInAnEarlierPollIsSkippedAndThePollBesideItCommits() {
    // given a delivery receipt applied by one poll
    String referralId = newReferral();
    var first = ConsumedEvents.emailDelivered(referralId);
    poll(handler(), first);
    assertThat(adapter.ledger().communicationsOf(referralId)).hasSize(1);

    // when it comes again in a later poll, beside a receipt not seen before
    var second = ConsumedEvents.emailDelivered(referralId);
    poll(handler(), first, second);

    // then the poll committed: the new receipt is applied and the old one not again
    assertThat(adapter.ledger().communicationsOf(referralId)).hasSize(2);
    assertThat(logged(first)).isEqualTo(1);
    assertThat(logged(second)).isEqualTo(1);
  }

  @Test
  void anEventTwiceInOnePollIsAppliedOnceAndThePollCommits() {
    // given a poll that holds the same receipt twice (a producer's retry before idempotence)
    String referralId = newReferral();
    var receipt = ConsumedEvents.emailDelivered(referralId);

    // when the poll is handled and committed
    poll(handler(), receipt, receipt);

    // then it was applied once
    assertThat(adapter.ledger().communicationsOf(referralId)).hasSize(1);
    assertThat(logged(receipt)).isEqualTo(1);
  }

  @Test
  void anEventAppliedElsewhereAfterThePollAskedFailsItsCommitAndTheNextTryAppliesNothingTwice() {
    // given a poll that has asked the log about its receipt and found it new
    String referralId = newReferral();
    var receipt = ConsumedEvents.emailDelivered(referralId);
    var late = ConsumedEvents.emailDelivered(referralId);
    var handler = handler();
    var records = records(receipt, late);
    handler.beginBatch(records);

    // when another consumer (a replica the partition was taken from) applies it first
    poll(handler(), receipt);
    // and this poll goes on to apply both and commit
    records.forEach(handler::handle);

    // then its commit fails on the log's entry, leaving nothing of the poll in the ledger
    assertThatThrownBy(handler::commitBatch).isInstanceOf(RuntimeException.class);
    assertThat(adapter.ledger().communicationsOf(referralId)).hasSize(1);
    assertThat(logged(late)).isZero();

    // and the poll read again applies only what was not applied
    handler.abortBatch();
    handler.beginBatch(records);
    records.forEach(handler::handle);
    handler.commitBatch();
    assertThat(adapter.ledger().communicationsOf(referralId)).hasSize(2);
    assertThat(logged(receipt)).isEqualTo(1);
    assertThat(logged(late)).isEqualTo(1);
  }

  static AppliedPolls handler() {
    var context = adapter.context();
    return new AppliedPolls(
        context.getBean(AppliedEvents.class),
        context.getBean(LadderDecisions.class),
        context.getBean(LedgerTransactions.class));
  }

  static void poll(AppliedPolls handler, SpecificRecord... events) {
    var records = records(events);
    handler.beginBatch(records);
    records.forEach(handler::handle);
    handler.commitBatch();
  }

  // As the consumer hands them over: the value and the headers its producer's serializer wrote.
  static ConsumerRecords<String, byte[]> records(SpecificRecord... events) {
    String topic = Topics.NOTIFICATION_RECEIPTS.name();
    var serializer = new EventSerializer();
    List<ConsumerRecord<String, byte[]>> list = new ArrayList<>();
    for (int i = 0; i < events.length; i++) {
      var headers = new RecordHeaders();
      byte[] value = serializer.serialize(topic, headers, events[i]);
      list.add(
          new ConsumerRecord<>(
              topic,
              0,
              i,
              0L,
              TimestampType.CREATE_TIME,
              0,
              value.length,
              "key",
              value,
              headers,
              java.util.Optional.empty()));
    }
    return new ConsumerRecords<>(Map.of(new TopicPartition(topic, 0), list));
  }

  static long logged(NotificationDelivered receipt) {
    return adapter
        .ledger()
        .count("applied_event", "event_id = ?", receipt.getEnvelope().getEventId().toString());
  }

  static String newReferral() {
    return Referrals.refer(client, Fixtures.referral())
        .getFocus()
        .getReferenceElement()
        .getIdPart();
  }
}
