/** Writes receipts and dead letters to Kafka from the delivery log. */
package org.pathway.notifier.publish;
