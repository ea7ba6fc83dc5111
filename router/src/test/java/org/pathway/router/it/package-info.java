/**
 * Tests on real parts: an in-process Kafka broker, PostgreSQL, the router as an application or a
 * process.
 */
package org.pathway.router.it;
