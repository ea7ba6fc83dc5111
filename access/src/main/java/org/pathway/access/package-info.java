/** Who may call Pathway and with what rights: clients, scopes, tokens. Knows no Pathway service. */
package org.pathway.access;
