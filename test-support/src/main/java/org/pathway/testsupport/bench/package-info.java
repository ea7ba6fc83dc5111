/** What the benchmark programs of every module share: reading their arguments. */
package org.pathway.testsupport.bench;
