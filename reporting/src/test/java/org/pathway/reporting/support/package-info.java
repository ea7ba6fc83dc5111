/**
 * Reporting's test fixtures: journeys as events, a token issuer, a clock a test moves, a dashboard
 * visit in Chromium, an export visit.
 */
package org.pathway.reporting.support;
