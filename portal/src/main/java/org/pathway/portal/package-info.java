/**
 * The portal: pages a link worker or a facilitator opens from a signed link. It holds no state;
 * every read and answer is a FHIR call to the adapter as the portal client, with the link passed
 * on.
 */
package org.pathway.portal;
