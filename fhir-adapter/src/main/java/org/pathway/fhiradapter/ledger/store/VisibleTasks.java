package org.pathway.fhiradapter.ledger.store;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.pathway.fhiradapter.ledger.Visibility;

/** A caller's {@link Visibility} as SQL over the {@code task} table, for every query to append. */
final class VisibleTasks {

  private VisibleTasks() {}

  /**
   * A condition (with its arguments added to {@code args}) true for the rows of {@code task} under
   * {@code alias} that {@code v} may see.
   */
  static String condition(String alias, Visibility v, List<Object> args) {
    if (v.everything()) {
      return "TRUE";
    }
    if (v.nothing()) {
      return "FALSE";
    }
    StringBuilder sql = new StringBuilder("(FALSE");
    in(sql, alias + ".owner_org", v.owners(), args);
    in(sql, alias + ".requester_org", v.requesters(), args);
    if (!v.parentOwners().isEmpty()) {
      // The parent is looked up by its key: "part_of IN (the Tasks those organisations own)" would
      // read every one of them, a caseload of thousands, for each row it decides.
      sql.append(" OR EXISTS (SELECT 1 FROM task p WHERE p.id = ")
          .append(alias)
          .append(".part_of AND (FALSE");
      in(sql, "p.owner_org", v.parentOwners(), args);
      sql.append("))");
    }
    return sql.append(')').toString();
  }

  /**
   * As {@link #condition}, and false for a caller who may not see clinical content (the
   * ServiceRequest, the Patient, scores).
   */
  static String clinical(String alias, Visibility v, List<Object> args) {
    return v.clinical() ? condition(alias, v, args) : "FALSE";
  }

  private static void in(StringBuilder sql, String column, Set<String> orgs, List<Object> args) {
    if (orgs.isEmpty()) {
      return;
    }
    sql.append(" OR ").append(column).append(" IN (");
    sql.append(String.join(",", Collections.nCopies(orgs.size(), "?")));
    sql.append(')');
    args.addAll(orgs.stream().sorted().toList());
  }
}
