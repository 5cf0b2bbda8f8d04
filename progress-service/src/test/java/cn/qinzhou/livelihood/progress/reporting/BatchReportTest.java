package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class BatchReportTest {

    static final String UNIT = "batch-unit";

    @Test
    void eachItemSucceedsOrFailsOnItsOwnAndTheAnswerSaysWhich() {
        ProjectEvents.publish("BAT-1", UNIT, 4, "ACTIVE", "100000");
        ProjectEvents.publish("BAT-2", UNIT, 4, "ACTIVE", "100000");
        ProjectEvents.publish("BAT-OTHER", "someone-else", 4, "ACTIVE", "100000");
        Reports.awaitKnown("BAT-1", UNIT);
        Reports.awaitKnown("BAT-2", UNIT);
        Map<String, Object> bad = Reports.body("20", "1000");
        bad.put("progressPercent", -5);
        RestApi.as(Roles.LEAD_UNIT, UNIT).body(Map.of("items", List.of(
                        Map.of("projectId", "BAT-1", "period", "2024-08", "report", Reports.body("20", "1000")),
                        Map.of("projectId", "BAT-2", "period", "2024-08", "report", bad),
                        Map.of("projectId", "NOPE", "period", "2024-08", "report", Reports.body("20", "1000")),
                        Map.of("projectId", "BAT-OTHER", "period", "2024-08", "report", Reports.body("20", "1000")),
                        Map.of("projectId", "BAT-2", "period", "2025-01", "report", Reports.body("20", "1000")))))
                .when().post("/reports/batch")
                .then().statusCode(200)
                .body("succeeded", equalTo(1))
                .body("failed", equalTo(4))
                .body("results[0].status", equalTo(201))
                .body("results[0].report.timeliness", equalTo("LATE"))
                .body("results[1].status", equalTo(400))
                .body("results[1].problem.violations[0].field", equalTo("report.progressPercent"))
                .body("results[2].status", equalTo(404))
                .body("results[3].status", equalTo(403))
                .body("results[4].status", equalTo(400))
                .body("results[4].problem.violations[0].field", equalTo("period"));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/BAT-1/reports").then().body("size()", equalTo(1));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/BAT-2/reports").then().body("size()", equalTo(0));
    }
}
