/**
 * What happens when a link is opened or a page's form is posted: read the Task through the adapter,
 * ask the pages' decisions what to offer or what to change, write it, and say which page or notice
 * follows. No state is kept between requests.
 */
package org.pathway.portal.flow;
