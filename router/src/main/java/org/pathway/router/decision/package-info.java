/**
 * Builds the router's output events: deterministic ids, envelopes, per-audience field allowlists,
 * and what is known of the referral they answer.
 */
package org.pathway.router.decision;
