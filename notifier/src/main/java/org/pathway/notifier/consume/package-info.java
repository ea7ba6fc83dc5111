/** Reads notification requests from Kafka and makes them durable before committing offsets. */
package org.pathway.notifier.consume;
