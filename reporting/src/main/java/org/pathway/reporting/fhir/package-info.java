/**
 * The FHIR face: Measure canonical URLs, figures as summary MeasureReports, the
 * CapabilityStatement.
 */
package org.pathway.reporting.fhir;
