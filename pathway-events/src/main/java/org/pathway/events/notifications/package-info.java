/**
 * The notification template contract: which templates a NotificationRequested may name, and the
 * fields each may carry.
 */
package org.pathway.events.notifications;
