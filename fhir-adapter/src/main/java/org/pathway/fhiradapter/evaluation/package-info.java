/**
 * What evaluation needs to know of a referral, decided at intake: age band, area deprivation,
 * pathway and its outcome set.
 */
package org.pathway.fhiradapter.evaluation;
