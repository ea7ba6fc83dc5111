/**
 * Consumer lag and dead-letter counts read from Kafka's own offsets with one admin client,
 * published as Micrometer gauges; plain Java, so any service can bind it to its registry.
 */
package org.pathway.kafkameters;
