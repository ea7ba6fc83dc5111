/**
 * Pathway's event contracts. Generated Avro classes live in {@code org.pathway.events.avro}; the
 * topic catalogue in {@code topics}; the Kafka serde in {@code serde}; the notification template
 * contract in {@code notifications}; Pathway's code and identifier systems in {@code vocabulary}.
 * Nothing else belongs here.
 */
package org.pathway.events;
