/** The one place that reads, asks the desk, sends a replay, records and audits. */
package org.pathway.deadletters.office;
