package org.pathway.fhiradapter.ledger;

import java.util.List;

/**
 * The statuses a Task search takes: any of {@code codes} ({@code status=requested,accepted}), or,
 * when {@code excluded}, any but them ({@code status:not=completed,cancelled}).
 */
public record TaskStatuses(List<String> codes, boolean excluded) {

  public TaskStatuses {
    codes = List.copyOf(codes);
    if (codes.isEmpty()) {
      throw new IllegalArgumentException("a status criterion names at least one status");
    }
  }
}
