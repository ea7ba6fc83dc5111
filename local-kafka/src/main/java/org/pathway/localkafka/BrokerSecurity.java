package org.pathway.localkafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.acl.AclBinding;

/**
 * How a secured {@link KraftBroker} authenticates and authorises, given as plain data so the broker
 * knows nothing of who its users are: client listeners accept only SCRAM-SHA-512, ACLs are on
 * (Kafka's {@code StandardAuthorizer}, no ACL means no access) and {@code admin} is the one super
 * user, as which the node also talks to itself.
 *
 * @param admin the super user; created when the log directory is formatted
 * @param users SCRAM users created at start, with the admin's {@code alterUserScramCredentials}
 * @param acls ACLs created at start
 * @param tls also open a SASL_SSL listener, with a self-signed certificate for 127.0.0.1
 */
public record BrokerSecurity(
    ScramUser admin, List<ScramUser> users, List<AclBinding> acls, boolean tls) {

  public BrokerSecurity {
    Objects.requireNonNull(admin, "admin");
    users = List.copyOf(users);
    acls = List.copyOf(acls);
    if (users.stream().anyMatch(u -> u.name().equals(admin.name()))) {
      throw new IllegalArgumentException(admin + " is the admin; it cannot also be a user");
    }
  }

  /** SCRAM on a SASL_PLAINTEXT listener, ACLs on, only {@code admin} known so far. */
  public static BrokerSecurity scram(ScramUser admin) {
    return new BrokerSecurity(admin, List.of(), List.of(), false);
  }

  /** The same with these users added. */
  public BrokerSecurity withUsers(Collection<ScramUser> more) {
    List<ScramUser> all = new ArrayList<>(users);
    all.addAll(more);
    return new BrokerSecurity(admin, all, acls, tls);
  }

  /** The same with these ACLs added. */
  public BrokerSecurity withAcls(Collection<AclBinding> more) {
    List<AclBinding> all = new ArrayList<>(acls);
    all.addAll(more);
    return new BrokerSecurity(admin, users, all, tls);
  }

  /** The same with a SASL_SSL listener beside the SASL_PLAINTEXT one. */
  public BrokerSecurity withTls() {
    return new BrokerSecurity(admin, users, acls, true);
  }
}
