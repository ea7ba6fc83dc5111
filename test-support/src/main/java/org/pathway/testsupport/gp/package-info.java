/** The stand-in GP system: a real HAPI FHIR R4 server that receives Pathway's back-channel. */
package org.pathway.testsupport.gp;
