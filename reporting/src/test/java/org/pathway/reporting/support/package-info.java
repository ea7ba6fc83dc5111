/** Reporting's test fixtures: journeys as events, a token issuer, a dashboard visit in Chromium. */
package org.pathway.reporting.support;
