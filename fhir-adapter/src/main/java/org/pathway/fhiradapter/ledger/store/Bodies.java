package org.pathway.fhiradapter.ledger.store;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;

/** Queries whose first column is a stored resource body (JSON), and the criteria they share. */
final class Bodies {

  private Bodies() {}

  /** Runs {@code query} with {@code args} and parses the first column of each row. */
  static <T extends Resource> List<T> list(
      Connection c, FhirContext fhir, Class<T> type, String query, List<Object> args)
      throws SQLException {
    List<T> out = new ArrayList<>();
    try (var ps = c.prepareStatement(query)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(fhir.newJsonParser().parseResource(type, rs.getString(1)));
        }
      }
    }
    return out;
  }

  /** Adds {@code AND col = ?} when {@code v} is given (null means "any"). */
  static void addCriterion(StringBuilder where, List<Object> args, String col, String v) {
    if (v != null) {
      where.append(" AND ").append(col).append(" = ?");
      args.add(v);
    }
  }
}
