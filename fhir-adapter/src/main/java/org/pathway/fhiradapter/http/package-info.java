/**
 * FHIR and HTTP edges: the embedded HAPI server, its resource providers, request limits and
 * Micronaut endpoints.
 */
package org.pathway.fhiradapter.http;
