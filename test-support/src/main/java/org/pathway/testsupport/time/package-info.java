/** A clock tests set and move by hand. */
package org.pathway.testsupport.time;
