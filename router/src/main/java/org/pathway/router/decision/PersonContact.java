package org.pathway.router.decision;

import java.util.Objects;
import java.util.Optional;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.PersonSummary;

/**
 * How the person referred may be told their next steps: their given name and the one address of the
 * channel they prefer. Exists only for a person who consented to be contacted and prefers a channel
 * Pathway sends by (email or SMS), so the router keeps no contact details of anyone else.
 *
 * @param givenName the person's given name, as the message greets them
 * @param channel email or SMS
 * @param address the email address or phone number
 */
public record PersonContact(String givenName, Channel channel, String address) {

  public PersonContact {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(address, "address");
    if (channel != Channel.EMAIL && channel != Channel.SMS) {
      throw new IllegalArgumentException("a person is told by email or SMS, not " + channel);
    }
  }

  /**
   * How {@code person} may be told, if at all: only with their consent (a refusal or no Consent
   * sent means never), by the channel they prefer, when they gave its address. A person who prefers
   * a phone call or a letter is left to the link worker, who calls or writes.
   */
  public static Optional<PersonContact> of(PersonSummary person) {
    if (person == null || !Boolean.TRUE.equals(person.getContactConsent())) {
      return Optional.empty();
    }
    String name = person.getGivenName();
    return switch (person.getContactPreference()) {
      case EMAIL -> present(person.getEmail()).map(a -> new PersonContact(name, Channel.EMAIL, a));
      case SMS -> present(person.getPhone()).map(a -> new PersonContact(name, Channel.SMS, a));
      default -> Optional.empty();
    };
  }

  private static Optional<String> present(String address) {
    return address == null || address.isBlank() ? Optional.empty() : Optional.of(address.strip());
  }
}
