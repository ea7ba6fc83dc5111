/** The FHIR back-channel to the GP system: Task update, Communication and outcome Observations. */
package org.pathway.notifier.channel.fhir;
