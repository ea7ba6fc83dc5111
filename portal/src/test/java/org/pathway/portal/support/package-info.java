/** The portal's IT harness: Kafka, PostgreSQL, the real adapter in its own JVM, the portal. */
package org.pathway.portal.support;
