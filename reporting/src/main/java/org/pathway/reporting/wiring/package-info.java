/** Beans built once: the FhirContext, the clock, the lag meters. */
package org.pathway.reporting.wiring;
