/** The portal's HTTP face: the link pages, their stylesheet, and the headers every page carries. */
package org.pathway.portal.http;
