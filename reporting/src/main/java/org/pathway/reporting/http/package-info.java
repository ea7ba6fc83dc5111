/** HTTP: the figures API and the FHIR face, who may call them, and the filters they take. */
package org.pathway.reporting.http;
