/** The contract every delivery channel implements, and the dispatch between them. */
package org.pathway.notifier.channel;
