/**
 * SMART Backend Services client authentication: private_key_jwt assertions and their replay log.
 */
package org.pathway.access.assertion;
