package org.pathway.fhiradapter.ledger;

import org.hl7.fhir.r4.model.CodeableConcept;

/** The code systems the ledger writes into Tasks. */
public final class TaskCodes {

  /** Task.code for every hop. */
  public static final String TASK_CODE_SYSTEM = "http://hl7.org/fhir/CodeSystem/task-code";

  /** Task.groupIdentifier system: the BaRS correlation id that also travels on every event. */
  public static final String CORRELATION_SYSTEM = "urn:pathway:correlation-id";

  /** Pathway's Task.output type CodeSystem. */
  public static final String OUTPUT_TYPE_SYSTEM =
      "https://pathway.example.org/CodeSystem/task-output-type";

  /** Pathway's Task.businessStatus CodeSystem. */
  public static final String BUSINESS_STATUS_SYSTEM =
      "https://pathway.example.org/CodeSystem/task-business-status";

  private TaskCodes() {}

  /** A Task.businessStatus in Pathway's CodeSystem. */
  public static CodeableConcept businessStatus(String code) {
    var cc = new CodeableConcept();
    cc.addCoding().setSystem(BUSINESS_STATUS_SYSTEM).setCode(code);
    return cc;
  }
}
