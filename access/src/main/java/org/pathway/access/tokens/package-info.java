/**
 * Access tokens: issuing Pathway's own, verifying any trusted issuer's, and the caller they name.
 */
package org.pathway.access.tokens;
