/** Access control in dev mode: the demo clients, the dev signing key and the token command. */
package org.pathway.deploy.access;
