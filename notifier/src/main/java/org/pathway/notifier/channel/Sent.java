package org.pathway.notifier.channel;

/** A channel accepted the message; {@code providerReference} is its id for it (may be null). */
public record Sent(String providerReference) {}
