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
          .isEqualTo(new InteractionCheck.Asked("Task", Interaction.READ));
    }
    assertThat(asked(RestOperationTypeEnum.SEARCH_TYPE, "Task", null))
        .isEqualTo(new InteractionCheck.Asked("Task", Interaction.SEARCH));
    assertThat(asked(RestOperationTypeEnum.UPDATE, "Task", null))
        .isEqualTo(new InteractionCheck.Asked("Task", Interaction.UPDATE));
  }

  @Test
  void transactionAndProcessMessageCarryAReferralSoAreServiceRequestCreates() {
    var create = new InteractionCheck.Asked("ServiceRequest", Interaction.CREATE);
    assertThat(asked(RestOperationTypeEnum.TRANSACTION, null, null)).isEqualTo(create);
    assertThat(asked(RestOperationTypeEnum.EXTENDED_OPERATION_SERVER, null, "$process-message"))
        .isEqualTo(create);
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
