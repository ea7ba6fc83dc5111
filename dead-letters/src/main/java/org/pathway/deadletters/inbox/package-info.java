/** Reads a service's dead-letter topic as it is, without a consumer group. */
package org.pathway.deadletters.inbox;
