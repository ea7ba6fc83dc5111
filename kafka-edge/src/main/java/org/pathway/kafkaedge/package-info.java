/**
 * Kafka edge code written once: client settings for every producer, consumer and admin client, the
 * durable consumer loop, and dead letters.
 */
package org.pathway.kafkaedge;
