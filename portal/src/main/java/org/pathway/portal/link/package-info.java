/**
 * What a link says about itself, read without checking it: only to know which Task and which page
 * to ask the adapter for. The adapter verifies every link on every call.
 */
package org.pathway.portal.link;
