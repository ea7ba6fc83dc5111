/**
 * The FHIR R4 face of Pathway and its system of record: referral intake, the Task ledger, the
 * transactional outbox.
 */
package org.pathway.fhiradapter;
