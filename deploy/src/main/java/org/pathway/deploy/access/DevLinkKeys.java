package org.pathway.deploy.access;

import java.nio.file.Path;
import org.pathway.access.links.LinkKeys;

/**
 * Dev mode's key for signed links ({@code PATHWAY_LINK_KEYS}, given to the router, which signs, and
 * the adapter, which verifies): made once and kept in the data directory, so the links in mail
 * saved before a restart still open after it.
 */
public final class DevLinkKeys {

  /** The key id of the dev link key: a rotated key gets a new id in front of it. */
  static final String KEY_ID = "dev-1";

  private DevLinkKeys() {}

  /** The {@code kid:secret} setting kept in {@code dir}, created if it is not there yet. */
  public static String keptIn(Path dir) {
    return KeptSecret.keptIn(dir, "link-keys", () -> LinkKeys.generate(KEY_ID), LinkKeys::parse);
  }
}
