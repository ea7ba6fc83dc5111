/**
 * A database per test: a fresh PostgreSQL database on the test JVM's one embedded (or configured)
 * server.
 */
package org.pathway.testsupport.database;
