/** The SLA watch: a scheduled scan that flags Tasks past their due time, once per due time. */
package org.pathway.fhiradapter.sla;
