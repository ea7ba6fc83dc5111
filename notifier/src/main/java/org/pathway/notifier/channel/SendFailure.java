package org.pathway.notifier.channel;

/**
 * A try that did not end in a confirmed delivery.
 *
 * <p>{@code permanent} means retrying cannot help (bad address, refused content). {@code
 * maybeDelivered} means the provider may have acted on it anyway (a timeout after the request was
 * sent), so a later resend is in doubt and is flagged on the receipt.
 */
public final class SendFailure extends Exception {

  private final boolean permanent;
  private final boolean maybeDelivered;

  public SendFailure(String message, boolean permanent, boolean maybeDelivered, Throwable cause) {
    super(message, cause);
    this.permanent = permanent;
    this.maybeDelivered = maybeDelivered;
  }

  public static SendFailure transientFailure(String message, Throwable cause) {
    return new SendFailure(message, false, false, cause);
  }

  public static SendFailure permanentFailure(String message, Throwable cause) {
    return new SendFailure(message, true, false, cause);
  }

  public boolean permanent() {
    return permanent;
  }

  public boolean maybeDelivered() {
    return maybeDelivered;
  }
}
