/** The decision, in plain Java: which management path needs what, and what a bearer proves. */
package org.pathway.managementguard.policy;
