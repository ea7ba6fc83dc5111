package org.pathway.testsupport.gp;

import org.hl7.fhir.r4.model.DomainResource;

/**
 * One write the GP system accepted: which resource, the version it made, and the correlation id the
 * writer sent ({@code X-Correlation-ID}; null when the request carried none).
 */
public record Write(
    String method,
    String type,
    String id,
    String version,
    String correlationId,
    DomainResource resource) {}
