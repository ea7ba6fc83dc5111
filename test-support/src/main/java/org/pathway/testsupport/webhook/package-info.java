/** The stand-in for a link worker's or facilitator's system: a webhook endpoint. */
package org.pathway.testsupport.webhook;
