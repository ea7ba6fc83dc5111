/** Retention by policy: how long the router keeps what it remembers, and the job that purges it. */
package org.pathway.router.retention;
