package org.pathway.router.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pathway.events.avro.ReferralSource;

/**
 * One declarative rule: every condition given must hold (each list matches any of its values); a
 * rule without conditions is refused at load time, the default service covers that case.
 *
 * @param priority lower is tried first; unique across the rule set
 * @param routeTo the directory id of the link-worker service
 */
public record TriageRule(
    String id,
    int priority,
    Set<String> practices,
    Set<String> pcns,
    Set<String> postcodeDistricts,
    AgeBand ageBand,
    Set<ReferralSource> sources,
    Set<String> needCategories,
    String routeTo) {

  public TriageRule {
    practices = Set.copyOf(practices);
    pcns = Set.copyOf(pcns);
    postcodeDistricts = Set.copyOf(postcodeDistricts);
    sources = Set.copyOf(sources);
    needCategories = Set.copyOf(needCategories);
  }

  /** True when the referral meets every condition of this rule. */
  public boolean matches(ReferralFacts facts) {
    return anyOf(practices, facts.practiceOdsCode())
        && anyOf(pcns, facts.pcnCode())
        && anyOf(postcodeDistricts, facts.postcodeDistrict())
        && (ageBand == null || (facts.age() != null && ageBand.contains(facts.age())))
        && anyOf(sources, facts.source())
        && (needCategories.isEmpty()
            || facts.needCategories().stream().anyMatch(needCategories::contains));
  }

  /**
   * An empty condition matches anything; otherwise the fact must be known and listed. Referrals
   * often lack a fact (no PCN from the practice system, no postcode for a self-referral), and an
   * immutable set answers {@code contains(null)} with a NullPointerException.
   */
  private static <T> boolean anyOf(Set<T> allowed, T fact) {
    return allowed.isEmpty() || (fact != null && allowed.contains(fact));
  }

  /** The conditions in words, for the decision's explanation. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (!practices.isEmpty()) parts.add("practice in " + practices);
    if (!pcns.isEmpty()) parts.add("PCN in " + pcns);
    if (!postcodeDistricts.isEmpty()) parts.add("postcode district in " + postcodeDistricts);
    if (ageBand != null) parts.add("age " + ageBand);
    if (!sources.isEmpty()) parts.add("source in " + sources);
    if (!needCategories.isEmpty()) parts.add("need in " + needCategories);
    return String.join(" and ", parts);
  }
}
