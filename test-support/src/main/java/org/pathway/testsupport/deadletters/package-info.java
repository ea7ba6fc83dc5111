/** An operator handling a running service's dead letters over its management port. */
package org.pathway.testsupport.deadletters;
