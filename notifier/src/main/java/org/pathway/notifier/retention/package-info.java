/** Retention by policy: how long the notifier keeps addresses and handled dead letters. */
package org.pathway.notifier.retention;
