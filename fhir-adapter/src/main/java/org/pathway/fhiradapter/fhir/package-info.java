/**
 * FHIR parsing, pre-parse limits, business rules and mapping between FHIR resources and Pathway
 * events.
 */
package org.pathway.fhiradapter.fhir;
