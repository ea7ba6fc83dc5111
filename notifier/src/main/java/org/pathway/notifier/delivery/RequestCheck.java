package org.pathway.notifier.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.notifier.template.Allowlists;
import org.pathway.notifier.template.Template;
import org.pathway.notifier.template.TemplateCatalogue;

/** Decides at intake whether a readable request can ever be delivered. */
public final class RequestCheck {

  private final TemplateCatalogue templates;

  public RequestCheck(TemplateCatalogue templates) {
    this.templates = templates;
  }

  /** Why {@code r} can never be delivered, or empty when it can be tried. */
  public Optional<String> refusal(NotificationRequested r) {
    if (r.getNotificationId() == null) {
      return Optional.of("refused: no notification id");
    }
    if (r.getChannel() == Channel.UNKNOWN) {
      return Optional.of("refused: unknown channel");
    }
    if (r.getAudience() == Audience.UNKNOWN) {
      return Optional.of("refused: unknown audience");
    }
    if (r.getRecipient() == null || r.getRecipient().getAddress().isBlank()) {
      return Optional.of("refused: no recipient address");
    }
    Optional<Template> template = templates.find(r.getTemplateId());
    if (template.isEmpty()) {
      return Optional.of("refused: unknown template " + r.getTemplateId());
    }
    if (template.get().audience() != r.getAudience()) {
      return Optional.of(
          "refused: template "
              + r.getTemplateId()
              + " is for "
              + template.get().audience()
              + ", not "
              + r.getAudience());
    }
    if (r.getChannel() == Channel.FHIR && (r.getTaskId() == null || r.getTaskId().isBlank())) {
      return Optional.of("refused: a FHIR back-channel notification needs a task id");
    }
    return Optional.empty();
  }

  /**
   * Fields the request carries that its audience may not see. They are never rendered; a non-empty
   * answer means the router sent more than it should have.
   */
  public static java.util.Set<String> fieldsOutsideAllowlist(NotificationRequested r) {
    java.util.Set<String> extra =
        new java.util.TreeSet<>(NotificationTemplates.currentNames(r.getFields()).keySet());
    extra.removeAll(Allowlists.of(r.getAudience()));
    return extra;
  }

  /**
   * The ordering key: deliveries to the same address on the same channel about the same referral
   * keep their order. Hashed so the index stays small whatever the address length.
   */
  public static String orderKey(NotificationRequested r) {
    String address = r.getRecipient() == null ? "" : r.getRecipient().getAddress();
    String raw = r.getChannel() + "\n" + address + "\n" + r.getEnvelope().getReferralId();
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always present", e);
    }
  }
}
