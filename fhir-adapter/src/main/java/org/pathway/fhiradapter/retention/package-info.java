/** Retention by policy: how long each kind of ledger data is kept, and the job that purges it. */
package org.pathway.fhiradapter.retention;
