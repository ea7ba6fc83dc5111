/**
 * The one topic catalogue: every topic, its key and value types, and the one service that writes
 * it.
 */
package org.pathway.events.topics;
