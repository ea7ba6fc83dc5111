/** Stand-ins for the outside world in dev mode: a GP system's FHIR endpoint and a mail server. */
package org.pathway.deploy.demo;
