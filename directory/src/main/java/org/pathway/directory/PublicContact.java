package org.pathway.directory;

/**
 * How the public reaches a service, as the feed publishes it (the service's or its organisation's
 * phone, email and website): never a referral channel, webhook or secret.
 */
public record PublicContact(String phone, String email, String url) {

  /** Nothing published. */
  public static final PublicContact NONE = new PublicContact(null, null, null);

  public boolean isEmpty() {
    return phone == null && email == null && url == null;
  }
}
