package org.pathway.reporting.view;

/**
 * One chart of the page: its table, its ECharts option (JSON) and its CSV link.
 *
 * @param table the table under the chart
 * @param chart the chart's ECharts option as JSON
 * @param csv the CSV download's URL, with the page's filters
 */
public record DashboardSection(FigureTable table, String chart, String csv) {}
