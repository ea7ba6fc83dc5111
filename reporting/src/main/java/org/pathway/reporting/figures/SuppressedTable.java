package org.pathway.reporting.figures;

/**
 * A table as published: null where a count is suppressed.
 *
 * @param cells the counts, rows × columns
 * @param rowTotals each row's total
 * @param columnTotals each column's total
 * @param total the grand total
 */
public record SuppressedTable(Long[][] cells, Long[] rowTotals, Long[] columnTotals, Long total) {}
