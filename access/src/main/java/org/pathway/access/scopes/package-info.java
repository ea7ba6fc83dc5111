/** SMART v2 scopes ({@code system/Task.rs}): parsing, intersection and the permission check. */
package org.pathway.access.scopes;
