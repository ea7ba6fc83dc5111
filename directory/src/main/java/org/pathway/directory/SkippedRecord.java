package org.pathway.directory;

/**
 * A feed record left out of the directory, and why: reported (log and counter), never allowed to
 * stop the rest of the feed from loading.
 *
 * @param record the record's id, else its position in the feed ({@code #3})
 * @param reason what is wrong with it, naming the field
 */
public record SkippedRecord(String record, String reason) {}
