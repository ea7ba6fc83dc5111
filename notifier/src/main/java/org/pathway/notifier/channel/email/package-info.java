/** Email over SMTP with plain-text and HTML parts. */
package org.pathway.notifier.channel.email;
