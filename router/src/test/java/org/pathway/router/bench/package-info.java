/** Benchmark programs (not tests): run beside a reference in the same JVM and report ratios. */
package org.pathway.router.bench;
