/**
 * The durable delivery log and retry schedule: plain Java and JDBC, the source of truth for what
 * was sent.
 */
package org.pathway.notifier.delivery;
