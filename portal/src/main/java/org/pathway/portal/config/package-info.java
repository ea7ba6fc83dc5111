/** The portal's settings: one typed record, checked as the service starts. */
package org.pathway.portal.config;
