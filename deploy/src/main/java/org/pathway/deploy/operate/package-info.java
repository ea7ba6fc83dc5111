/** Operators' commands against a running Pathway: the dead-letter tool. */
package org.pathway.deploy.operate;
