/**
 * Delivers notification requests by email, SMS, webhook and FHIR, and reports a receipt for each.
 */
package org.pathway.notifier;
