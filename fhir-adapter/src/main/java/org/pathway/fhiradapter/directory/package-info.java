/** The directory feed as the adapter holds it: loaded at start-up, refreshed on a schedule. */
package org.pathway.fhiradapter.directory;
