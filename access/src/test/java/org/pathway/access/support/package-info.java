/** Test helpers for the access module: a hand-moved clock and signing shortcuts. */
package org.pathway.access.support;
