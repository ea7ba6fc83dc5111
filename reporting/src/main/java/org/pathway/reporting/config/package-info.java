/** The reporting service's typed settings. */
package org.pathway.reporting.config;
