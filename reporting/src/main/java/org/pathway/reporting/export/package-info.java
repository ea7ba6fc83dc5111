/** The evaluation export: pseudonymised journeys per study, Bulk Data style jobs and files. */
package org.pathway.reporting.export;
