/**
 * The router's durable memory: event ids already handled, and which practice sent each referral.
 */
package org.pathway.router.idempotency;
