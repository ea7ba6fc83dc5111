/**
 * Builds the router's output events: deterministic ids, envelopes, per-audience field allowlists.
 */
package org.pathway.router.decision;
