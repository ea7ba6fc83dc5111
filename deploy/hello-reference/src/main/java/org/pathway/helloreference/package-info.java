/** A Micronaut hello world kept only as the yardstick for benchmark B9; not part of Pathway. */
package org.pathway.helloreference;
