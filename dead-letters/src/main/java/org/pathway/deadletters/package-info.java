/** Dead letters an operator can handle: list, show, replay, discard; every action audited. */
package org.pathway.deadletters;
