/** Benchmarks of the running platform (B9 start-up and memory) and the load they offer. */
package org.pathway.deploy.bench;
