/**
 * Signed links: what lets a person with no account answer from an email. Each is bound to one Task,
 * one recipient and one purpose, expires, and carries no personal data.
 */
package org.pathway.access.links;
