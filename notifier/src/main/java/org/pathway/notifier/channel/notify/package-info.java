/** SMS and email through GOV.UK Notify's official client. */
package org.pathway.notifier.channel.notify;
