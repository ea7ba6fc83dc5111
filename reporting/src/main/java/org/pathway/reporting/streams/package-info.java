/** The Kafka Streams topology that folds referral events into journeys, and its lifecycle. */
package org.pathway.reporting.streams;
