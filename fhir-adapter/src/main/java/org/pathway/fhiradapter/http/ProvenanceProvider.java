package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Provenance;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.fhiradapter.fhir.Provenances;
import org.pathway.fhiradapter.ledger.LedgerReads;
import org.pathway.fhiradapter.ledger.StatusChange;

/**
 * Who changed a referral's Tasks, when and why: one Provenance per recorded Task status change (id
 * {@code <task id>-<version>}), read, and searched by {@code target} ({@code Task/{id}}: every
 * change of that Task, oldest first; {@code ServiceRequest/{id}}: the creation of its Tasks). Only
 * for Tasks the caller may see; a community group's without the reasons.
 */
@Singleton
public class ProvenanceProvider implements IResourceProvider {

  private final LedgerReads ledger;
  private final ClientRegistry clients;

  public ProvenanceProvider(LedgerReads ledger, ClientRegistry clients) {
    this.ledger = ledger;
    this.clients = clients;
  }

  @Override
  public Class<Provenance> getResourceType() {
    return Provenance.class;
  }

  @Read
  public Provenance read(@IdParam IdType id, HttpServletRequest req) {
    return Errors.guard(
        () -> {
          String value = id.getIdPart();
          int dash = value.lastIndexOf('-');
          Optional<StatusChange> change = Optional.empty();
          if (dash > 0 && dash < value.length() - 1) {
            Integer version = version(value.substring(dash + 1));
            if (version != null) {
              change =
                  ledger.statusChange(
                      value.substring(0, dash), version, Headers.context(req, null).visibility());
            }
          }
          return change.map(this::provenance).orElseThrow(() -> new ResourceNotFoundException(id));
        });
  }

  @Search
  public IBundleProvider search(
      @RequiredParam(name = Provenance.SP_TARGET) ReferenceParam target,
      @Offset Integer offset,
      @Count Integer count,
      HttpServletRequest req) {
    return Errors.guard(
        () -> {
          var visibility = Headers.context(req, null).visibility();
          IdType ref = new IdType(SearchReferences.typed(target, "Task", "target"));
          List<StatusChange> changes =
              switch (ref.getResourceType()) {
                case "Task" -> ledger.statusChangesOfTask(ref.getIdPart(), visibility);
                case "ServiceRequest" -> ledger.creationsOfReferral(ref.getIdPart(), visibility);
                default -> List.of();
              };
          Integer version = target.getValue().contains("/_history/") ? versionOf(target) : null;
          return OffsetPages.of(
              changes.stream()
                  .filter(c -> version == null || c.taskVersion() == version)
                  .map(this::provenance)
                  .toList(),
              offset,
              count,
              null);
        });
  }

  private Provenance provenance(StatusChange change) {
    return Provenances.of(
        change, clientId -> clients.find(clientId).map(RegisteredClient::organization));
  }

  /** The version a versioned Task reference names ({@code Task/x/_history/3}), or -1. */
  private static Integer versionOf(ReferenceParam target) {
    Integer v = version(new IdType(target.getValue()).getVersionIdPart());
    return v == null ? -1 : v;
  }

  private static Integer version(String s) {
    try {
      return s == null ? null : Integer.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
