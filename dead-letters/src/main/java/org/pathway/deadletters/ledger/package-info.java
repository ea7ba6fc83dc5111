/** Handled dead letters and the audit of every action, in the service's own database. */
package org.pathway.deadletters.ledger;
