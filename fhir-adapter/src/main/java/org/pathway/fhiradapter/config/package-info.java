/** The adapter's settings: one typed record per concern, checked as the service starts. */
package org.pathway.fhiradapter.config;
