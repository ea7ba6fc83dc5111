/** Micronaut wiring: configuration, beans, lifecycle, health and metrics. */
package org.pathway.notifier.wiring;
