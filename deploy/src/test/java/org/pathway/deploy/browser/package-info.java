/**
 * Browser end-to-end tests: the people's pages, opened from the emailed links, in real Chromium.
 */
package org.pathway.deploy.browser;
