/** Starting a Pathway service (or any main class) in a JVM of its own, and ending it. */
package org.pathway.testsupport.process;
