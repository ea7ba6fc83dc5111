package org.pathway.reporting.peers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Whether the instances' answers together cover every partition of the referral events: only then
 * are the figures made from them the whole set rather than part of it.
 */
public final class Coverage {

  private Coverage() {}

  /** The partitions of {@code 0..partitions-1} no answer holds, in order. */
  public static List<Integer> missing(int partitions, Collection<Set<Integer>> answered) {
    List<Integer> missing = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      int partition = p;
      if (answered.stream().noneMatch(a -> a.contains(partition))) {
        missing.add(partition);
      }
    }
    return missing;
  }
}
