package cn.qinzhou.livelihood.testsupport;

import cn.qinzhou.livelihood.contracts.Topics;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventSchemasTest {

    private static final String LEAD_UNIT_ASSIGNED = """
            {"eventId":"5f0c2f7e-0a39-4b7f-9d1e-3c1f6f2b8a11","type":"LeadUnitAssigned","schemaVersion":1,
             "occurredAt":"2024-10-03T02:15:00.123Z","aggregateId":"P0401",
             "payload":{"project":{"id":"P0401","year":2024,"programmeId":4,"programmeName":"科教惠民工程",
               "category":"REGION_ALIGNED","name":"乡村振兴科技特派员","leadUnitId":"qz-kjj","leadUnitName":"市科技局",
               "status":"ACTIVE","totalInvestment":1000000.00,
               "plan":{"annualPlan":600000.00,"central":300000.00,"regional":100000.00,"local":200000.00},
               "originalPlan":null,"carriedOverFrom":null},
              "previousLeadUnitId":null}}""";

    @Test
    void anEventAsDocumentedPasses() {
        assertDoesNotThrow(() -> EventSchemas.assertValid(Topics.PROJECT_EVENTS, LEAD_UNIT_ASSIGNED));
    }

    @Test
    void anEventWithAFieldItsSchemaDoesNotListFails() {
        String withExtraField = LEAD_UNIT_ASSIGNED.replace("\"previousLeadUnitId\":null", "\"previousLeadUnitId\":null,\"by\":\"x\"");

        AssertionError refused = assertThrows(AssertionError.class,
                () -> EventSchemas.assertValid(Topics.PROJECT_EVENTS, withExtraField));
        assertTrue(refused.getMessage().contains("'by'"), refused.getMessage());
    }

    @Test
    void anEventOfATypeWithoutSchemaOrNotJsonFails() {
        assertThrows(AssertionError.class, () -> EventSchemas.assertValid(Topics.PROJECT_EVENTS,
                LEAD_UNIT_ASSIGNED.replace("\"LeadUnitAssigned\"", "\"LeadUnitRenamed\"")));
        assertThrows(AssertionError.class, () -> EventSchemas.assertValid(Topics.PROJECT_EVENTS, "{not json at all"));
    }

    @Test
    void onlyTheEventTopicsAreDescribedNotTheirDeadLetters() {
        assertTrue(EventSchemas.describes(Topics.ALERT_EVENTS));
        assertFalse(EventSchemas.describes(Topics.deadLetterOf(Topics.PROJECT_EVENTS, "progress-service")));
    }
}
