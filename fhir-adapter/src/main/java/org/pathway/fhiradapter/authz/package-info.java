/** Who may do what over the FHIR API: scope and role rules per interaction, as plain decisions. */
package org.pathway.fhiradapter.authz;
