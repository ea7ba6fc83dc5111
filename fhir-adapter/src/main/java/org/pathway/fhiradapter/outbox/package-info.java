/**
 * The relay that publishes committed outbox rows to Kafka, in order per referral, at least once.
 */
package org.pathway.fhiradapter.outbox;
