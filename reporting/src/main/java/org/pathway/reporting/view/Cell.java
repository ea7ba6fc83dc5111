package org.pathway.reporting.view;

/**
 * One table cell as a person reads it, in the HTML table and the CSV file alike.
 *
 * @param text the words or number shown
 * @param suppressed whether this is a count (or statistic) withheld for small numbers
 */
public record Cell(String text, boolean suppressed) {}
