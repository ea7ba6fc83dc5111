/** The Micronaut server filter that applies the decision to each management request. */
package org.pathway.managementguard.http;
