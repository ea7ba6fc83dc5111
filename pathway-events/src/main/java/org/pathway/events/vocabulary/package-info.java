/** Pathway's own FHIR vocabulary: the URI of every code system and identifier system it owns. */
package org.pathway.events.vocabulary;
