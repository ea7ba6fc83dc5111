/** The signed links that let a link worker or a facilitator answer a message from the portal. */
package org.pathway.router.links;
