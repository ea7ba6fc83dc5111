/** The client registry: organisations registered to call Pathway, read from YAML files. */
package org.pathway.access.clients;
