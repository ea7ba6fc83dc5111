package org.pathway.portal.pages;

import java.time.Instant;

/**
 * One line of "what has happened to this referral": when, who (a message key, and a name when the
 * key takes one) and what (a message key), in plain words once rendered.
 *
 * @param at when it happened
 * @param whoKey {@code timeline.who.*}
 * @param whoName the name the who-key shows ({@code {0}}), or null
 * @param whatKey {@code timeline.what.*}
 */
public record TimelineLine(Instant at, String whoKey, String whoName, String whatKey) {}
