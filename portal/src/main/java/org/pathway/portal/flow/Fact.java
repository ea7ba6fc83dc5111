package org.pathway.portal.flow;

/**
 * One line of what a page shows about a referral: a label from the bundle and a value from the
 * ledger (escaped when rendered).
 */
public record Fact(String labelKey, String value) {}
