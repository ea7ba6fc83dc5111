package org.pathway.directory;

/**
 * A taxonomy term the feed gives a service beyond Pathway's own vocabularies (e.g. the kind of
 * activity), served as a {@code HealthcareService.type} coding.
 *
 * @param vocabulary the HSDS vocabulary name or URI
 */
public record Term(String vocabulary, String code, String name) {}
