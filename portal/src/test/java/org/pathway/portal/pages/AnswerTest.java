package org.pathway.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerTest {

  private static Map<String, String> form(String action, String... more) {
    Map<String, String> form = new HashMap<>();
    form.put("action", action);
    form.put("version", "3");
    form.put("answer", Answer.idFor("link-1", "t1", 3, Action.fromCode(action).orElseThrow()));
    for (int i = 0; i < more.length; i += 2) {
      form.put(more[i], more[i + 1]);
    }
    return form;
  }

  @Test
  void theSamePageGivesTheSameAnswerId() {
    assertThat(Answer.idFor("link-1", "t1", 3, Action.ACCEPT))
        .isEqualTo(Answer.idFor("link-1", "t1", 3, Action.ACCEPT))
        .isNotEqualTo(Answer.idFor("link-1", "t1", 4, Action.ACCEPT))
        .isNotEqualTo(Answer.idFor("link-1", "t1", 3, Action.DECLINE))
        .isNotEqualTo(Answer.idFor("link-2", "t1", 3, Action.ACCEPT));
  }

  @Test
  void requestIdsAreWhatTheAdapterAccepts() throws Exception {
    for (Action a : Action.values()) {
      String id = Answer.parse(form(a.code(), "score", "20", "places", "2")).requestId();
      assertThat(id).matches("[A-Za-z0-9._:-]{1,128}");
    }
  }

  @Test
  void aDifferentScoreAtTheSameVersionIsANewRequest() throws Exception {
    String entry =
        Answer.parse(form("score", "instrument", "SWEMWBS", "timing", "entry", "score", "19"))
            .requestId();
    String exit =
        Answer.parse(form("score", "instrument", "SWEMWBS", "timing", "exit", "score", "25"))
            .requestId();
    String again =
        Answer.parse(form("score", "instrument", "SWEMWBS", "timing", "entry", "score", "19"))
            .requestId();
    assertThat(entry).isNotEqualTo(exit).isEqualTo(again);
  }

  @Test
  void refusesAFormNoPageCouldHaveSent() {
    assertThatThrownBy(() -> Answer.parse(Map.of("action", "accept", "version", "3")))
        .hasMessage("problem.form");
    Map<String, String> badAction = form("accept");
    badAction.put("action", "delete-everything");
    assertThatThrownBy(() -> Answer.parse(badAction)).hasMessage("problem.form");
    Map<String, String> badId = form("accept");
    badId.put("answer", "<script>");
    assertThatThrownBy(() -> Answer.parse(badId)).hasMessage("problem.form");
    Map<String, String> badVersion = form("accept");
    badVersion.put("version", "three");
    assertThatThrownBy(() -> Answer.parse(badVersion)).hasMessage("problem.form");
  }
}
