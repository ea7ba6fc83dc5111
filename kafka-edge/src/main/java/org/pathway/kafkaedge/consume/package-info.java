/** The durable consumer loop: poll, hand to a handler, commit once durable, dead-letter poison. */
package org.pathway.kafkaedge.consume;
