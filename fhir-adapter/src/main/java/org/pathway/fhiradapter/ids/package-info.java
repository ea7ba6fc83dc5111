/** New identifiers for what the ledger writes and answers: resources, events, Bundles. */
package org.pathway.fhiradapter.ids;
