/**
 * The decisions, plain Java: what is offered, whether an action may go ahead, what a replay sends.
 */
package org.pathway.deadletters.desk;
