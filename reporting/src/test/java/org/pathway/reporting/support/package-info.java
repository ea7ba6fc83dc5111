/**
 * Reporting's test fixtures: journeys as events, a token issuer, a dashboard visit in Chromium, an
 * export visit.
 */
package org.pathway.reporting.support;
