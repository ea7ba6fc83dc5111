package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Benchmark reference endpoints ({@code pathway.bench.*}).
 *
 * @param enabled whether {@code /echo} and {@code /bench/parse} are mounted
 */
@ConfigurationProperties("pathway.bench")
public record BenchConfig(boolean enabled) {}
