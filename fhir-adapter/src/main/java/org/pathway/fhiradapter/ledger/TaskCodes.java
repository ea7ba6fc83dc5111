package org.pathway.fhiradapter.ledger;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.pathway.events.vocabulary.CodeSystems;

/**
 * The codes the ledger writes into Tasks. Pathway's own code and identifier systems come from the
 * vocabulary in pathway-events ({@link CodeSystems}, {@code IdentifierSystems}).
 */
public final class TaskCodes {

  /** Task.code for every hop (HL7's, not Pathway's). */
  public static final String TASK_CODE_SYSTEM = "http://hl7.org/fhir/CodeSystem/task-code";

  private TaskCodes() {}

  /** A Task.businessStatus in Pathway's CodeSystem. */
  public static CodeableConcept businessStatus(String code) {
    var cc = new CodeableConcept();
    cc.addCoding().setSystem(CodeSystems.TASK_BUSINESS_STATUS).setCode(code);
    return cc;
  }
}
