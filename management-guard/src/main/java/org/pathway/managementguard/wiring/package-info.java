/** A token verifier for services that have none of their own (router, notifier). */
package org.pathway.managementguard.wiring;
