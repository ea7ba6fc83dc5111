/**
 * Test harness written once: a database per test, a service JVM, a topic tail, the stand-in GP
 * system and webhook receiver.
 */
package org.pathway.testsupport;
