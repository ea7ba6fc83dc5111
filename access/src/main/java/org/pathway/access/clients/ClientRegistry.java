package org.pathway.access.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registered clients, read from one or more YAML files ({@code clients: [ ... ]}); a client id
 * registered twice, an unknown role or a malformed key stops start-up with a message naming the
 * file and the entry.
 */
public final class ClientRegistry {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, RegisteredClient> clients;

  private ClientRegistry(Map<String, RegisteredClient> clients) {
    this.clients = Collections.unmodifiableMap(clients);
  }

  /**
   * Reads every file in order.
   *
   * @throws IllegalArgumentException naming the file and entry of the first mistake
   */
  public static ClientRegistry load(List<Path> files) {
    Map<String, RegisteredClient> clients = new LinkedHashMap<>();
    Map<String, String> registeredWhere = new LinkedHashMap<>();
    for (Path file : files) {
      JsonNode root = read(file);
      JsonNode entries = root == null ? null : root.get("clients");
      if (entries == null || !entries.isArray()) {
        throw new IllegalArgumentException(
            "clients file " + file + ": expected a list under the key 'clients'");
      }
      for (int i = 0; i < entries.size(); i++) {
        String where = "clients file " + file + ", entry " + (i + 1);
        RegisteredClient client = ClientEntry.parse(entries.get(i), where);
        String earlier = registeredWhere.putIfAbsent(client.clientId(), where);
        if (earlier != null) {
          throw new IllegalArgumentException(
              where
                  + ": client-id '"
                  + client.clientId()
                  + "' is already registered ("
                  + earlier
                  + ")");
        }
        clients.put(client.clientId(), client);
      }
    }
    return new ClientRegistry(clients);
  }

  /** A registry of the given clients (tests, dev mode). */
  public static ClientRegistry of(Collection<RegisteredClient> clients) {
    Map<String, RegisteredClient> byId = new LinkedHashMap<>();
    for (RegisteredClient client : clients) {
      if (byId.putIfAbsent(client.clientId(), client) != null) {
        throw new IllegalArgumentException(
            "client-id '" + client.clientId() + "' is registered twice");
      }
    }
    return new ClientRegistry(byId);
  }

  /** These clients and {@code others}' together, e.g. dev mode's demo clients beside a file's. */
  public ClientRegistry with(ClientRegistry others) {
    List<RegisteredClient> both = new ArrayList<>(clients.values());
    both.addAll(others.all());
    return of(both);
  }

  public Optional<RegisteredClient> find(String clientId) {
    return clientId == null ? Optional.empty() : Optional.ofNullable(clients.get(clientId));
  }

  /** Every client, in the order registered. */
  public Collection<RegisteredClient> all() {
    return clients.values();
  }

  private static JsonNode read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "clients file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }
}
