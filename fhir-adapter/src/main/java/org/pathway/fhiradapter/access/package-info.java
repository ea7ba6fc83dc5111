/** Wires the access module (clients, tokens, assertions, the token endpoint) into the adapter. */
package org.pathway.fhiradapter.access;
