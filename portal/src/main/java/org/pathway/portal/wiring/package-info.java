/** The portal's beans: one FhirContext, one HTTP client, the adapter client and the pages. */
package org.pathway.portal.wiring;
