package org.pathway.deploy.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dev mode's signing key is made once and kept, so tokens outlive a restart. */
class DevSigningKeyTest {

  @TempDir Path dir;

  @Test
  void aSecondStartKeepsTheKeyTheFirstMade() throws Exception {
    Path first = DevSigningKey.keptIn(dir);
    String made = Files.readString(first);

    Path again = DevSigningKey.keptIn(dir);

    assertThat(again).isEqualTo(first);
    assertThat(Files.readString(again)).isEqualTo(made);
  }

  @Test
  void theKeyIsAPrivateRs384KeyReadableOnlyByItsOwner() throws Exception {
    Path file = DevSigningKey.keptIn(dir);

    JWKSet keys = JWKSet.load(file.toFile());
    assertThat(keys.getKeys()).hasSize(1);
    assertThat(keys.getKeys().get(0).isPrivate()).isTrue();
    assertThat(keys.getKeys().get(0).getAlgorithm()).isEqualTo(JWSAlgorithm.RS384);
    assertThat(keys.getKeys().get(0).getKeyID()).isNotBlank();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }
}
