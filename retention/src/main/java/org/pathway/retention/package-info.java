/** The retention job: each kind of data past its period purged, in batches, on a schedule. */
package org.pathway.retention;
