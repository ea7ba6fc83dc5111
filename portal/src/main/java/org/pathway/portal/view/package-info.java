/**
 * Rendering pages: Thymeleaf templates (escaped by default), words from the message bundle of the
 * language the browser asks for.
 */
package org.pathway.portal.view;
