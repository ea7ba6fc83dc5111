package org.pathway.fhiradapter.fhir;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * One problem with a request, named by the FHIRPath of the failing element.
 *
 * @param type the OperationOutcome issue type
 * @param expression FHIRPath of the element at fault, or null for the whole request
 * @param message a sentence a developer at the sending system can act on
 */
public record Issue(IssueType type, String expression, String message) {}
