/** Test support for the services' tests: reading the meters back over HTTP. */
package org.pathway.kafkameters.testing;
