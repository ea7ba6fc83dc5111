/** The topic catalogue's one-writer rule as Kafka ACLs, for a broker to enforce. */
package org.pathway.kafkaedge.acl;
