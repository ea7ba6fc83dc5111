/**
 * Starts a real PostgreSQL for dev mode and tests: embedded binaries from Maven Central, or a
 * configured server.
 */
package org.pathway.localpostgres;
