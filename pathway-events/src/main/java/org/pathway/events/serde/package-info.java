/**
 * Kafka serializer and deserializer for Pathway events: Avro single-object encoding, every shipped
 * schema version.
 */
package org.pathway.events.serde;
