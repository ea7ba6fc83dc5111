/** The commissioner's dashboard: its page model, chart options, CSV files, templates and words. */
package org.pathway.reporting.view;
