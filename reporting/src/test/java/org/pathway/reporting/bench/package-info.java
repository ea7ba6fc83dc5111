/** Benchmark B10: programs, never tests. */
package org.pathway.reporting.bench;
