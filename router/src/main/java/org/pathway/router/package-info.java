/** Camel routes that turn referral events into routing decisions and notification requests. */
package org.pathway.router;
