/**
 * The figures from journeys: funnel, time per step, paired outcomes, equity, suppression. Plain
 * Java.
 */
package org.pathway.reporting.figures;
