/** The guard's typed settings ({@code pathway.management.*}), checked at start-up. */
package org.pathway.managementguard.config;
