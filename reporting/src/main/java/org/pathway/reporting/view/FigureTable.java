package org.pathway.reporting.view;

import java.util.List;

/**
 * One chart's table: what the page shows under the chart (without JavaScript) and what its CSV
 * download holds, cell for cell.
 *
 * @param id the chart's id ({@code funnel}, {@code step-times}, {@code outcomes}, {@code
 *     equity-uptake}, ...), also its CSV file's name
 * @param caption the table's caption
 * @param columns the column headings
 * @param rows the rows, each as many cells as there are columns
 */
public record FigureTable(String id, String caption, List<String> columns, List<List<Cell>> rows) {}
