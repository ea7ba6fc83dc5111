/** The OAuth 2 face: the token endpoint, SMART discovery and the public keys, as servlets. */
package org.pathway.access.endpoint;
