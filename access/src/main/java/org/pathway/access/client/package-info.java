/**
 * Calling Pathway as a registered client: the SMART Backend Services token request, shared by dev
 * mode's tools and the portal.
 */
package org.pathway.access.client;
