/**
 * FHIR and HTTP edges: the embedded HAPI server, its resource providers, request limits and
 * Micronaut endpoints; the only package that knows HTTP statuses ({@code Errors} maps refusals).
 */
package org.pathway.fhiradapter.http;
