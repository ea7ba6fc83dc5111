package org.pathway.localkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A key store holding a fresh self-signed certificate for 127.0.0.1 and localhost, and a trust
 * store holding that certificate, both PKCS12 under one random password. The JDK's own {@code
 * keytool} makes the key and certificate, so no certificate code is written here; the trust store
 * is copied with {@link KeyStore} in this JVM (a second keytool costs seconds on a busy machine).
 *
 * @param keyStore the broker's key store
 * @param trustStore what a client trusts to reach the broker
 * @param password the password of both stores (and of the key)
 */
record SelfSignedStores(Path keyStore, Path trustStore, String password) {

  private static final String ALIAS = "broker";

  /** Generates both stores in {@code dir}, replacing any made before. */
  static SelfSignedStores generate(Path dir) {
    try {
      Files.createDirectories(dir);
      Path keyStore = dir.resolve("broker-keystore.p12");
      Path trustStore = dir.resolve("client-truststore.p12");
      for (Path old : List.of(keyStore, trustStore)) {
        Files.deleteIfExists(old);
      }
      String password = UUID.randomUUID().toString();
      keytool(
          "-genkeypair",
          "-alias",
          ALIAS,
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-validity",
          "30",
          "-dname",
          "CN=localhost",
          "-ext",
          "SAN=ip:127.0.0.1,dns:localhost",
          "-storetype",
          "PKCS12",
          "-keystore",
          keyStore.toString(),
          "-storepass",
          password,
          "-keypass",
          password);
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(keyStore)) {
        keys.load(in, password.toCharArray());
      }
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry(ALIAS, keys.getCertificate(ALIAS));
      try (var out = Files.newOutputStream(trustStore)) {
        trusted.store(out, password.toCharArray());
      }
      return new SelfSignedStores(keyStore, trustStore, password);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "could not copy the broker's certificate to a trust store", e);
    }
  }

  /** Removes both stores and their directory. */
  void delete() {
    try {
      Path dir = keyStore.getParent();
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A temporary directory left behind is harmless; the broker has stopped either way.
    }
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      // Read before waiting: a full pipe would block keytool, and the wait with it.
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool " + args[0] + " did not finish in 60 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }

  @Override
  public String toString() {
    return "SelfSignedStores[" + keyStore + ", " + trustStore + "]";
  }
}
