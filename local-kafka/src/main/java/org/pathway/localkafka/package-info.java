/** Starts or connects to a real Kafka cluster for dev mode and tests; never a mock. */
package org.pathway.localkafka;
