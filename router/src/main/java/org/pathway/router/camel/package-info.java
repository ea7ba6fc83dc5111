/**
 * Camel inside Micronaut: one CamelContext, Micronaut beans by name, Micronaut config as
 * properties.
 */
package org.pathway.router.camel;
