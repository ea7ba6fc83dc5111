/**
 * A real browser for people's pages: headless Debian Chromium through Selenium, screenshots, and
 * accessibility checks run in the page.
 */
package org.pathway.testsupport.browser;
