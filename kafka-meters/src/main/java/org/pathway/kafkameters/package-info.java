/**
 * Consumer lag read from Kafka's offsets and dead letters counted as records, published as
 * Micrometer gauges; plain Java, so any service can bind it to its registry.
 */
package org.pathway.kafkameters;
