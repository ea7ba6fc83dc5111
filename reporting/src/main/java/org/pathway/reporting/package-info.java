/**
 * The reporting service: journeys and figures from the referral events, for commissioners and
 * evaluators.
 */
package org.pathway.reporting;
