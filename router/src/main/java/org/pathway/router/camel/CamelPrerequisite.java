package org.pathway.router.camel;

/** Marks a bean the CamelContext must be created after and destroyed before. */
public interface CamelPrerequisite {}
