/** Reading a running service's Prometheus exposition. */
package org.pathway.testsupport.metrics;
