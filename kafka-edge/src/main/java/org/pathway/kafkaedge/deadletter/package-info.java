/** Dead-letter records built in one place: original bytes and headers, plus why and where from. */
package org.pathway.kafkaedge.deadletter;
