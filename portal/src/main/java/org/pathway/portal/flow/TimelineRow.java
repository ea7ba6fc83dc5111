package org.pathway.portal.flow;

/**
 * One timeline line as a page shows it: the time in the page's language, who (a message key and a
 * name it may take) and what (a message key).
 */
public record TimelineRow(String when, String whoKey, String whoName, String whatKey) {}
