package cn.qinzhou.livelihood.progress.rates;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.progress.ClockMovingTest;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Programme 9 only: four projects of one unit, one of another. */
@QuarkusTest
class RatesAndTotalsTest extends ClockMovingTest {

    @Test
    void reportingAndOnTimeRatesPerPeriodProgrammeAndUnit() {
        for (String id : new String[]{"RAT-1", "RAT-2", "RAT-3", "RAT-4"}) {
            ProjectEvents.publish(id, "rate-a", 9, "ACTIVE", "1000");
        }
        ProjectEvents.publishKnown("RAT-5", "rate-b", 9, "ACTIVE", "3000");
        Reports.awaitKnown("RAT-4", "rate-a");
        clock.moveTo(Instant.parse("2024-11-04T01:00:00Z"));
        Reports.submit("rate-a", "RAT-1", "2024-10", Reports.body("50", "500")).statusCode(201);
        Reports.submit("rate-a", "RAT-2", "2024-10", Reports.body("20", "100")).statusCode(201);
        clock.moveTo(Instant.parse("2024-11-07T01:00:00Z"));
        Reports.submit("rate-a", "RAT-3", "2024-10", Reports.body("10", "50")).statusCode(201);
        Reports.submit("rate-b", "RAT-5", "2024-10", Reports.body("10", "300")).statusCode(201);

        RestApi.as(Roles.DASHBOARD, null).queryParam("period", "2024-10").when().get("/reporting-status")
                .then().statusCode(200)
                .body("deadlinePassed", equalTo(true))
                .body("byProgramme.find { it.key == '9' }.counts.expected", equalTo(5))
                .body("byProgramme.find { it.key == '9' }.counts.received", equalTo(4))
                .body("byProgramme.find { it.key == '9' }.counts.onTime", equalTo(2))
                .body("byProgramme.find { it.key == '9' }.counts.late", equalTo(2))
                .body("byProgramme.find { it.key == '9' }.counts.missing", equalTo(1))
                .body("byProgramme.find { it.key == '9' }.counts.reportingRate", comparesEqualTo(new BigDecimal("0.8")))
                .body("byProgramme.find { it.key == '9' }.counts.onTimeRate", comparesEqualTo(new BigDecimal("0.4")))
                .body("byLeadUnit.find { it.key == 'rate-a' }.counts.reportingRate", comparesEqualTo(new BigDecimal("0.75")))
                .body("missingProjectIds", hasItem("RAT-4"));
        // A lead unit sees only its own projects.
        RestApi.as(Roles.LEAD_UNIT, "rate-b").queryParam("period", "2024-10").when().get("/reporting-status")
                .then().statusCode(200).body("overall.expected", equalTo(1)).body("overall.onTimeRate", comparesEqualTo(BigDecimal.ZERO));
        // No report is expected outside every plan year's periods.
        RestApi.as(Roles.SUPERVISOR, null).queryParam("period", "2023-12").when().get("/reporting-status")
                .then().statusCode(400).contentType("application/problem+json").body("violations[0].field", equalTo("period"));
    }

    @Test
    void planVsActualByProgrammeSourceAndMonth() {
        ProjectEvents.publish("TOT-1", "tot-unit", 10, "ACTIVE", "1000");
        ProjectEvents.publishKnown("TOT-2", "tot-unit", 10, "ACTIVE", "3000");
        Reports.awaitKnown("TOT-1", "tot-unit");
        // Other classes' projects share the database: by source, compare against the totals before these reports.
        JsonPath before = exact(RestApi.as(Roles.SUPERVISOR, null).queryParam("groupBy", "source").queryParam("period", "2024-11").when()
                .get("/funding-totals").then().statusCode(200).extract().asString());
        clock.moveTo(Instant.parse("2024-12-03T01:00:00Z"));
        Reports.submit("tot-unit", "TOT-1", "2024-10", Reports.body("30", "200")).statusCode(201);
        Reports.submit("tot-unit", "TOT-1", "2024-11", Reports.body("60", "600")).statusCode(201);
        Map<String, Object> split = Reports.body("10", "0");
        split.put("completed", Map.of("central", 100, "regional", 100, "local", 200));
        split.put("fundsReceived", Map.of("central", 100, "regional", 50, "local", 0));
        Reports.submit("tot-unit", "TOT-2", "2024-11", split).statusCode(201);

        RestApi.as(Roles.SUPERVISOR, null).queryParam("groupBy", "programme").queryParam("period", "2024-11").when().get("/funding-totals")
                .then().statusCode(200)
                .body("groups.find { it.key == '10' }.planned", comparesEqualTo(new BigDecimal("4000")))
                .body("groups.find { it.key == '10' }.completed", comparesEqualTo(new BigDecimal("1000")))
                .body("groups.find { it.key == '10' }.received", comparesEqualTo(new BigDecimal("750")))
                .body("groups.find { it.key == '10' }.completionRate", comparesEqualTo(new BigDecimal("0.25")))
                .body("groups.find { it.key == '10' }.reporting", equalTo(2));
        JsonPath after = exact(RestApi.as(Roles.SUPERVISOR, null).queryParam("groupBy", "source").queryParam("period", "2024-11").when()
                .get("/funding-totals").then().statusCode(200)
                .body("groups.key", org.hamcrest.Matchers.contains("CENTRAL", "REGIONAL", "LOCAL"))
                .body("groups.label", org.hamcrest.Matchers.contains("中央财政补助", "自治区财政补助", "市和县区投入"))
                .extract().asString());
        // TOT-1 counts with its November report only (cumulative figures: the latest report, not a sum of months).
        assertGrew(before, after, 0, "completed", "700");
        assertGrew(before, after, 1, "completed", "100");
        assertGrew(before, after, 2, "completed", "200");
        assertGrew(before, after, 0, "received", "700");
        assertGrew(before, after, 1, "received", "50");
        assertGrew(before, after, 2, "received", "0");
        assertGrew(before, after, 0, "planned", "0");
        RestApi.as(Roles.SUPERVISOR, null).queryParam("groupBy", "lead-unit").queryParam("period", "2024-10").when().get("/funding-totals")
                .then().statusCode(200)
                .body("groups.find { it.key == 'tot-unit' }.completed", comparesEqualTo(new BigDecimal("200")));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("groupBy", "month").queryParam("period", "2024-11").when().get("/funding-totals")
                .then().statusCode(200)
                .body("groups.key", org.hamcrest.Matchers.contains("2024-08", "2024-09", "2024-10", "2024-11"));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("groupBy", "colour").when().get("/funding-totals")
                .then().statusCode(400).body("violations[0].field", equalTo("groupBy"));
        RestApi.as(Roles.LEAD_UNIT, "tot-unit").when().get("/funding-totals").then().statusCode(403);
    }

    /** Yuan read as BigDecimal: RestAssured's default floats would blur sums of millions. */
    private static JsonPath exact(String json) {
        return new JsonPath(json).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    private static void assertGrew(JsonPath before, JsonPath after, int group, String figure, String by) {
        BigDecimal was = new BigDecimal(before.getString("groups[" + group + "]." + figure));
        BigDecimal now = new BigDecimal(after.getString("groups[" + group + "]." + figure));
        assertThat(now.subtract(was)).as(after.getString("groups[" + group + "].key") + " " + figure)
                .isEqualByComparingTo(by);
    }
}
