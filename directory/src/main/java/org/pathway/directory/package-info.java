/** The directory of services, groups and practices, loaded from an HSDS / Open Referral UK feed. */
package org.pathway.directory;
