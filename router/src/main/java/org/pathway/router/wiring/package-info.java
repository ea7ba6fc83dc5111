/**
 * Micronaut factories that build the plain-Java pieces from configuration and name them for Camel.
 */
package org.pathway.router.wiring;
