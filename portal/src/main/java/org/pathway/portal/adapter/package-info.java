/**
 * The adapter's FHIR API as the portal calls it: the portal client's token, the link passed on,
 * If-Match and X-Request-ID on writes, and the adapter's refusals read into plain outcomes.
 */
package org.pathway.portal.adapter;
