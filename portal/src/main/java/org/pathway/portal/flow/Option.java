package org.pathway.portal.flow;

/** A choice in a select: the value sent and the bundle key of its words. */
public record Option(String value, String labelKey) {}
