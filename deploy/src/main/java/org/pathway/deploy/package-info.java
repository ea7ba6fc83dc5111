/** Runs Pathway on one machine with embedded defaults, for a first run and demos. */
package org.pathway.deploy;
