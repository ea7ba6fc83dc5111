/** Reporting instances answering for each other: who holds which partitions, and their calls. */
package org.pathway.reporting.peers;
