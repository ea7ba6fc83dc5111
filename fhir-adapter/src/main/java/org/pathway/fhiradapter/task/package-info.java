/**
 * The Task state machine: which status changes are allowed and what each one needs, as plain Java.
 */
package org.pathway.fhiradapter.task;
