package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.progress.ClockMovingTest;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class ReportCorrectionTest extends ClockMovingTest {

    static final String UNIT = "corr-unit";

    @Test
    void aCorrectionKeepsEveryVersionAndTheFirstSubmissionsTimeliness() {
        ProjectEvents.publishKnown("COR-1", UNIT, 3, "ACTIVE", "2000000");
        clock.moveTo(Instant.parse("2024-10-03T02:00:00Z"));
        Reports.submit(UNIT, "COR-1", "2024-09", Reports.body("40", "500000")).statusCode(201)
                .body("timeliness", equalTo("ON_TIME"));

        clock.moveTo(Instant.parse("2024-10-09T02:00:00Z"));
        Map<String, Object> corrected = Reports.body("45", "600000");
        Reports.submit(UNIT, "COR-1", "2024-09", corrected).statusCode(400)
                .body("violations[0].field", equalTo("correctionReason"));
        corrected.put("correctionReason", "补录9月下旬完成的投资");
        Reports.submit(UNIT, "COR-1", "2024-09", corrected).statusCode(200)
                .body("latestVersion", equalTo(2))
                .body("timeliness", equalTo("ON_TIME"));

        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/COR-1/reports/2024-09")
                .then().statusCode(200)
                .body("latest.completedInvestment", comparesEqualTo(new BigDecimal("600000")))
                .body("versions.version", contains(1, 2))
                .body("versions[0].receivedAt", equalTo("2024-10-03T02:00:00Z"))
                .body("versions[1].receivedAt", equalTo("2024-10-09T02:00:00Z"))
                .body("versions[1].correctionReason", equalTo("补录9月下旬完成的投资"))
                .body("versions[0].recordedBy", equalTo("lead-unit:" + UNIT))
                .body("versions[0].difficulties", contains("资金到位较慢", "施工受雨季影响"))
                .body("versions[0].progressNarrative", equalTo("项目按计划推进，已完成主体工程。"));

        List<TopicProbe.Seen> events = TopicProbe.await(Topics.PROGRESS_EVENTS, s -> s.key().equals("COR-1"), 2, Duration.ofSeconds(30));
        JsonNode submitted = events.stream().filter(s -> s.value().path("type").asText().equals("ReportSubmitted"))
                .findFirst().orElseThrow().value();
        JsonNode correction = events.stream().filter(s -> s.value().path("type").asText().equals("ReportCorrected"))
                .findFirst().orElseThrow().value();
        assertThat(submitted.path("aggregateId").asText()).isEqualTo("COR-1");
        assertThat(submitted.path("schemaVersion").asInt()).isEqualTo(1);
        JsonNode first = submitted.path("payload");
        assertThat(first.path("version").asInt()).isEqualTo(1);
        assertThat(first.path("reportId").asText()).isNotBlank();
        assertThat(first.path("projectId").asText()).isEqualTo("COR-1");
        assertThat(first.path("timeliness").asText()).isEqualTo("ON_TIME");
        assertThat(first.path("receivedAt").asText()).isEqualTo("2024-10-03T02:00:00Z");
        assertThat(first.path("firstReceivedAt").asText()).isEqualTo("2024-10-03T02:00:00Z");
        assertThat(first.path("progressPercent").decimalValue()).isEqualByComparingTo("40");
        assertThat(first.path("completedInvestment").decimalValue()).isEqualByComparingTo("500000");
        assertThat(first.has("correctionReason")).isTrue();
        assertThat(first.path("correctionReason").isNull()).isTrue();
        // The record itself: keyed by project id, with the envelope's type and id as headers.
        TopicProbe.Seen submittedRecord = events.stream()
                .filter(s -> s.value().path("type").asText().equals("ReportSubmitted")).findFirst().orElseThrow();
        assertThat(submittedRecord.headers()).containsEntry("event-type", "ReportSubmitted")
                .containsEntry("event-id", submitted.path("eventId").asText());
        assertThat(correction.path("payload").path("reportId").asText()).isEqualTo(first.path("reportId").asText());
        assertThat(correction.path("payload").path("correctionReason").asText()).isEqualTo("补录9月下旬完成的投资");
        JsonNode payload = correction.path("payload");
        assertThat(payload.path("period").asText()).isEqualTo("2024-09");
        assertThat(payload.path("version").asInt()).isEqualTo(2);
        assertThat(payload.path("timeliness").asText()).isEqualTo("ON_TIME");
        assertThat(payload.path("firstReceivedAt").asText()).isEqualTo("2024-10-03T02:00:00Z");
        assertThat(payload.path("receivedAt").asText()).isEqualTo("2024-10-09T02:00:00Z");
        assertThat(payload.path("dueAt").asText()).isEqualTo("2024-10-05T15:59:59.999999Z");
        assertThat(payload.path("progressPercent").decimalValue()).isEqualByComparingTo("45");
        assertThat(payload.path("completedInvestment").decimalValue()).isEqualByComparingTo("600000");
        assertThat(payload.path("plannedInvestment").decimalValue()).isEqualByComparingTo("2000000");
        assertThat(payload.path("leadUnitId").asText()).isEqualTo(UNIT);
        assertThat(payload.path("programmeId").asInt()).isEqualTo(3);
        assertThat(payload.path("submittedBy").asText()).isEqualTo("张三");
    }

    @Test
    void aDropAgainstThePreviousPeriodNeedsAReason() {
        ProjectEvents.publishKnown("COR-2", UNIT, 3, "ACTIVE", "2000000");
        clock.moveTo(Instant.parse("2024-11-03T02:00:00Z"));
        Reports.submit(UNIT, "COR-2", "2024-09", Reports.body("50", "800000")).statusCode(201);
        Reports.submit(UNIT, "COR-2", "2024-10", Reports.body("40", "700000")).statusCode(400)
                .body("violations.field", hasItems("completed", "progressPercent"));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/COR-2/reports").then().body("size()", equalTo(1));
        Map<String, Object> explained = Reports.body("40", "700000");
        explained.put("correctionReason", "9月误报，含未验收工程量");
        Reports.submit(UNIT, "COR-2", "2024-10", explained).statusCode(201);
        // Skipping a month does not let a drop through: December is compared with October, the latest before it.
        clock.moveTo(Instant.parse("2025-01-03T02:00:00Z"));
        Reports.submit(UNIT, "COR-2", "2024-12", Reports.body("45", "650000")).statusCode(400)
                .body("violations.field", contains("completed"))
                .body("violations[0].message", org.hamcrest.Matchers.containsString("2024-10"));
    }

    @Test
    void badInputIsAProblemNamingEachField() {
        ProjectEvents.publishKnown("COR-3", UNIT, 3, "ACTIVE", "2000000");
        Map<String, Object> bad = Reports.body("101", "-1");
        bad.put("submittedBy", "");
        bad.put("difficulties", List.of(""));
        Reports.submit(UNIT, "COR-3", "2024-08", bad).statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItems("progressPercent", "completed.central", "submittedBy", "difficulties[0]"));
        RestApi.as(Roles.LEAD_UNIT, UNIT).body("{\"progressPercent\": \"much\"}").when().put("/projects/COR-3/reports/2024-08")
                .then().statusCode(400).body("violations[0].field", equalTo("progressPercent"));
        Map<String, Object> mismatched = Reports.body("10", "1000");
        mismatched.put("completedInvestment", 999);
        Reports.submit(UNIT, "COR-3", "2024-08", mismatched).statusCode(400)
                .body("violations[0].field", equalTo("completedInvestment"));
        RestApi.as(Roles.LEAD_UNIT, UNIT).body("{not json").when().put("/projects/COR-3/reports/2024-08")
                .then().statusCode(400).contentType("application/problem+json").body("violations[0].field", equalTo("body"));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("programme", "three").when().get("/reports")
                .then().statusCode(400).body("violations[0].field", equalTo("programme"));
        Map<String, Object> smuggled = Reports.body("10", "1");
        smuggled.put("timeliness", "ON_TIME");
        Reports.submit(UNIT, "COR-3", "2024-08", smuggled).statusCode(400)
                .body("violations[0].field", equalTo("timeliness"));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/COR-3/reports").then().statusCode(200).body("size()", equalTo(0));
    }
}
