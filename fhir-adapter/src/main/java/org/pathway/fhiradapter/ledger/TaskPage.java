package org.pathway.fhiradapter.ledger;

import java.util.List;
import org.hl7.fhir.r4.model.Task;

/**
 * One page of a Task search.
 *
 * @param tasks the page's Tasks, oldest change first, as the caller may see them
 * @param next where the next page starts, or null when this is the last
 * @param total every Task the search matches, on every page
 */
public record TaskPage(List<Task> tasks, TaskCursor next, int total) {

  public TaskPage {
    tasks = List.copyOf(tasks);
  }
}
