/**
 * Who may do what over the FHIR API, as plain decisions: scope and role rules per interaction, and
 * for the portal, whether a signed link stands, whom it makes the portal, and what it reaches.
 */
package org.pathway.fhiradapter.authz;
