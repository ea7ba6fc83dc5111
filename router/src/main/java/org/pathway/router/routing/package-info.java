/** Triage: which link-worker service gets a new referral, as pure Java over declarative rules. */
package org.pathway.router.routing;
