/** The operator API on the management port, and the audit of its refusals. */
package org.pathway.deadletters.http;
