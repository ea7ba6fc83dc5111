package org.pathway.fhiradapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import org.junit.jupiter.api.Test;
import org.pathway.access.scopes.Interaction;

/** What each HAPI operation amounts to in SMART terms. */
class InteractionCheckTest {

  private static InteractionCheck.Asked asked(RestOperationTypeEnum op, String type, String name) {
    return InteractionCheck.asked(op, type, name).orElse(null);
  }

  @Test
  void readsVreadsAndInstanceHistoryAreReads() {
    for (var op :
        new RestOperationTypeEnum[] {
          RestOperationTypeEnum.READ,
          RestOperationTypeEnum.VREAD,
          RestOperationTypeEnum.HISTORY_INSTANCE
        }) {
      assertThat(asked(op, "Task", null))
          .isEqualTo(new InteractionCheck.Asked("Task", Interaction.READ, null));
    }
    assertThat(asked(RestOperationTypeEnum.SEARCH_TYPE, "Task", null))
        .isEqualTo(new InteractionCheck.Asked("Task", Interaction.SEARCH, null));
    assertThat(asked(RestOperationTypeEnum.UPDATE, "Task", null))
        .isEqualTo(new InteractionCheck.Asked("Task", Interaction.UPDATE, null));
  }

  @Test
  void transactionAndProcessMessageCarryAReferralSoAreServiceRequestCreates() {
    assertThat(asked(RestOperationTypeEnum.TRANSACTION, null, null))
        .isEqualTo(new InteractionCheck.Asked("ServiceRequest", Interaction.CREATE, null));
    assertThat(asked(RestOperationTypeEnum.EXTENDED_OPERATION_SERVER, null, "$process-message"))
        .isEqualTo(
            new InteractionCheck.Asked("ServiceRequest", Interaction.CREATE, "$process-message"));
  }

  @Test
  void aPersonsWholeRecordIsAReadOfThePatientThatNamesTheOperation() {
    assertThat(asked(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, "Patient", "$everything"))
        .isEqualTo(new InteractionCheck.Asked("Patient", Interaction.READ, "$everything"));
    assertThat(asked(RestOperationTypeEnum.READ, "Patient", null))
        .isEqualTo(new InteractionCheck.Asked("Patient", Interaction.READ, null));
  }

  @Test
  void anythingNotOfferedIsNotMapped() {
    assertThat(asked(RestOperationTypeEnum.GET_PAGE, null, null)).isNull();
    assertThat(asked(RestOperationTypeEnum.BATCH, null, null)).isNull();
    assertThat(asked(RestOperationTypeEnum.EXTENDED_OPERATION_SERVER, null, "$everything"))
        .isNull();
    assertThat(asked(RestOperationTypeEnum.SEARCH_SYSTEM, null, null)).isNull();
  }
}
