package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The ledger applier ({@code pathway.applier.*}).
 *
 * @param enabled whether this instance applies routing decisions and receipts to the ledger
 */
@ConfigurationProperties("pathway.applier")
public record ApplierConfig(boolean enabled) {}
