package org.pathway.router.routing;

import java.util.Comparator;
import java.util.List;

/** A validated rule set, in the order it is tried, and the service that takes what none match. */
public record TriageRules(List<TriageRule> rules, String defaultService) {

  public TriageRules {
    rules = rules.stream().sorted(Comparator.comparingInt(TriageRule::priority)).toList();
  }
}
