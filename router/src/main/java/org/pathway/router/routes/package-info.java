/**
 * Camel routes and their error policy: wiring only, every decision is made by a plain-Java bean.
 */
package org.pathway.router.routes;
