/** A referral's journey, folded from its events: plain Java, no Kafka. */
package org.pathway.reporting.journey;
