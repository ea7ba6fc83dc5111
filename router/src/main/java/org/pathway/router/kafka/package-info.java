/** The router's Kafka edges: topic set-up and the transactional publisher that commits offsets. */
package org.pathway.router.kafka;
