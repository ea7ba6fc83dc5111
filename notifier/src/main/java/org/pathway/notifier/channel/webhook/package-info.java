/** Signed JSON webhooks (HMAC-SHA256, timestamp, idempotency key). */
package org.pathway.notifier.channel.webhook;
