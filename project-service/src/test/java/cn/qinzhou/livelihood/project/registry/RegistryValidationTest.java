package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Bad input is a 400 problem+json naming each field; unknown ids 404; nothing is written. Programme 5 only. */
@QuarkusTest
class RegistryValidationTest {

    @Test
    void registeringWithMissingAndOverlongFieldsNamesEachField() {
        RestApi.as(Roles.PLANNER, null).body(Map.of("name", "x".repeat(201)))
                .when().post("/projects")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("violations.field", hasItems("programmeId", "category", "name"));
    }

    @Test
    void registeringUnderAnUnknownProgrammeIsRefused() {
        RestApi.as(Roles.PLANNER, null).body(Map.of("programmeId", 42, "category", "CITY_SELECTED", "name", "不存在的工程"))
                .when().post("/projects")
                .then().statusCode(400)
                .body("violations[0].field", equalTo("programmeId"));
    }

    @Test
    void registeringANewProjectAnnouncesItAndListsIt() {
        RestApi.as(Roles.PLANNER, null).body(Map.of("programmeId", 5, "category", "CITY_SELECTED", "name", "钦州市城区路灯改造（测试）",
                        "funding", Map.of("totalInvestment", 500, "annualPlan", 300,
                                "split", Map.of("central", 0, "regional", 100, "local", 200))))
                .when().post("/projects")
                .then().statusCode(201)
                .header("Location", containsString("/projects/P05"))
                .body("name", equalTo("钦州市城区路灯改造（测试）"))
                .body("status", equalTo("ACTIVE"));
        RestApi.as(Roles.PLANNER, null).body(Map.of("programmeId", 5, "category", "CITY_SELECTED", "name", "钦州市城区路灯改造（测试）"))
                .when().post("/projects")
                .then().statusCode(400).body("violations[0].field", equalTo("name"));
    }

    @Test
    void negativeNonNumericAndOverPreciseAmountsAreRefused() {
        RestApi.as(Roles.PLANNER, null).body(Map.of("totalInvestment", -1, "annualPlan", new BigDecimal("1.001"),
                        "split", Map.of("central", 0, "regional", 0, "local", 0)))
                .when().put("/projects/P0501/funding")
                .then().statusCode(400)
                .body("violations.field", hasItems("totalInvestment", "annualPlan"));
        RestApi.as(Roles.PLANNER, null).body("{\"totalInvestment\": \"lots\", \"annualPlan\": 1, \"split\": {\"central\": 1, \"regional\": 0, \"local\": 0}}")
                .when().put("/projects/P0501/funding")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("totalInvestment"));
        assertUnfunded("P0501");
    }

    @Test
    void aSplitThatDoesNotAddUpToTheAnnualPlanIsRefused() {
        RestApi.as(Roles.PLANNER, null).body(Map.of("totalInvestment", 1000, "annualPlan", 900,
                        "split", Map.of("central", 500, "regional", 300, "local", 99)))
                .when().put("/projects/P0502/funding")
                .then().statusCode(400)
                .body("violations[0].field", equalTo("split"))
                .body("violations[0].message", containsString("899"));
        RestApi.as(Roles.PLANNER, null).body(Map.of("totalInvestment", 100, "annualPlan", 900,
                        "split", Map.of("central", 500, "regional", 300, "local", 100)))
                .when().put("/projects/P0502/funding")
                .then().statusCode(400)
                .body("violations[0].field", equalTo("annualPlan"));
        assertUnfunded("P0502");
    }

    @Test
    void malformedJsonAndUnknownFieldsAreRefused() {
        RestApi.as(Roles.PLANNER, null).body("{\"totalInvestment\": 1,")
                .when().put("/projects/P0503/funding")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("body"));
        RestApi.as(Roles.PLANNER, null).body(Map.of("totalInvestment", 1, "annualPlan", 1, "status", "COMPLETED",
                        "split", Map.of("central", 1, "regional", 0, "local", 0)))
                .when().put("/projects/P0503/funding")
                .then().statusCode(400)
                .body("violations[0].field", equalTo("status"));
        RestApi.as(Roles.PLANNER, null).when().get("/projects/P0503").then().body("status", equalTo("ACTIVE"));
        assertUnfunded("P0503");
    }

    @Test
    void unknownProjectIs404AndUnknownLeadUnitIs400() {
        RestApi.as(Roles.PLANNER, null).when().get("/projects/P9999")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("P9999"));
        RestApi.as(Roles.PLANNER, null).body(Map.of("leadUnitId", "no-such-unit"))
                .when().put("/projects/P0504/lead-unit")
                .then().statusCode(400).body("violations[0].field", equalTo("leadUnitId"));
        RestApi.as(Roles.PLANNER, null).body(Map.of("id", "Bad Id!", "name", "x"))
                .when().post("/lead-units")
                .then().statusCode(400).body("violations[0].field", equalTo("id"));
    }

    @Test
    void badQueryParametersAreRefusedNotFailed() {
        RestApi.as(Roles.PLANNER, null).queryParam("size", 0).when().get("/projects")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("size"));
        RestApi.as(Roles.PLANNER, null).queryParam("status", "SLEEPING").when().get("/projects")
                .then().statusCode(not(equalTo(500)));
    }

    @Test
    void aBodyOverTheLimitIs413AndChangesNothing() {
        String huge = "{\"totalInvestment\": 1, \"annualPlan\": 1, \"note\": \"" + "长".repeat(1_100_000) + "\"}";
        RestApi.as(Roles.PLANNER, null).body(huge).when().put("/projects/P0506/funding").then().statusCode(413);
        assertUnfunded("P0506");
    }

    private static void assertUnfunded(String id) {
        RestApi.as(Roles.PLANNER, null).when().get("/projects/" + id)
                .then().statusCode(200)
                .body("plan", nullValue())
                .body("totalInvestment", nullValue());
    }
}
