/** The {@code pathway.kafka.*} settings and the one place that turns them into client configs. */
package org.pathway.kafkaedge.settings;
