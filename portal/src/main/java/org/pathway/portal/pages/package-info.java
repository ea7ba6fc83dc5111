/**
 * The pages' decisions as plain Java: which answers a page offers for a Task, how an answer becomes
 * a FHIR change, whether an answer is already in the ledger, and which refusal page a refused link
 * gets.
 */
package org.pathway.portal.pages;
