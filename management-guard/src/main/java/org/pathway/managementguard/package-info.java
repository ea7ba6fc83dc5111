/** The management port's guard: who may see health details, metrics and the other endpoints. */
package org.pathway.managementguard;
