/** Reading what really reached Kafka, as a downstream service would. */
package org.pathway.testsupport.kafka;
