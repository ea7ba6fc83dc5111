/**
 * Kafka edge code written once: client settings for every producer, consumer and admin client, and
 * the durable consumer loop.
 */
package org.pathway.kafkaedge;
