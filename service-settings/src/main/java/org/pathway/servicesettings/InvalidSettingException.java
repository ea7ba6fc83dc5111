package org.pathway.servicesettings;

/** A setting whose value the service cannot run with; the message names the setting. */
public final class InvalidSettingException extends IllegalArgumentException {

  public InvalidSettingException(String message) {
    super(message);
  }
}
