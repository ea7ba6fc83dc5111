package org.pathway.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeedRefreshTest {

  private static final String DEMO_FEED = "classpath:directory/hsds-demo-feed.json";

  @Test
  void pullsTheFeedIntoTheDirectory() {
    Directory directory = new Directory();

    assertThat(new HsdsFeedSource(DEMO_FEED).refresh(directory)).isTrue();

    assertThat(directory.byId("walk-and-talk")).isPresent();
  }

  @Test
  void keepsTheLastSnapshotWhenTheFeedCannotBeRead() {
    Directory directory = new Directory();
    new HsdsFeedSource(DEMO_FEED).refresh(directory);

    boolean refreshed = new HsdsFeedSource("file:/nonexistent/feed.json").refresh(directory);

    assertThat(refreshed).isFalse();
    assertThat(directory.byId("walk-and-talk")).isPresent();
  }
}
