/** Per-audience message templates, their field allowlists and the escaping renderer. */
package org.pathway.notifier.template;
