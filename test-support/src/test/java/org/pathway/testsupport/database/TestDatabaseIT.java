package org.pathway.testsupport.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class TestDatabaseIT {

  @Test
  void eachCallGivesAFreshDatabaseOnOneServerThatCanBeCutOffRestoredAndDropped() throws Exception {
    try (TestDatabase a = TestDatabase.create("it");
        TestDatabase b = TestDatabase.create("it")) {
      assertThat(a.name()).startsWith("it_").isNotEqualTo(b.name());
      assertThat(a.url()).endsWith("/" + a.name());
      try (Connection c = a.connect();
          var s = c.createStatement()) {
        s.execute("CREATE TABLE t (id INT)");
      }
      try (Connection c = b.connect();
          var rs = c.getMetaData().getTables(null, null, "t", null)) {
        assertThat(rs.next()).as("b does not see a's table").isFalse();
      }

      a.cutOff();
      assertThatThrownBy(a::connect).isInstanceOf(SQLException.class);
      a.restore();
      try (Connection c = a.connect()) {
        assertThat(c.isValid(2)).isTrue();
      }

      b.close();
      assertThatThrownBy(b::connect)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining(b.name());
    }
  }
}
