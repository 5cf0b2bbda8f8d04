package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/** A lead unit whose answer was lost sends the same write again: it gets the stored answer, nothing is applied twice. */
@QuarkusTest
class RepeatedWritesTest {

    static final String UNIT = "repeat-unit";
    static final String HEADER = "projectId,period,progressPercent,completedCentral,completedRegional,completedLocal,"
            + "completedInvestment,receivedCentral,receivedRegional,receivedLocal,beneficiaries,beneficiaryDescription,"
            + "progressNarrative,difficulties,typicalCases,submittedBy,contact,correctionReason\n";

    @Test
    void anIdenticalPutAnswersTheStoredVersionWithoutANewVersionOrEvent() {
        ProjectEvents.publishKnown("REP-1", UNIT, 6, "ACTIVE", "2000000");
        Reports.submit(UNIT, "REP-1", "2024-09", Reports.body("40", "500000")).statusCode(201).body("latestVersion", equalTo(1));

        // The same values, amounts written with their decimals: a repeat, not a correction needing a reason.
        Reports.submit(UNIT, "REP-1", "2024-09", Reports.body("40.00", "500000.00")).statusCode(200)
                .body("latestVersion", equalTo(1))
                .body("latest.version", equalTo(1))
                .body("latest.submittedBy", equalTo("张三"));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/REP-1/reports/2024-09").then().statusCode(200)
                .body("versions.version", contains(1));

        // Text must be exactly equal: another narrative is a correction and still needs its reason.
        Map<String, Object> changed = Reports.body("40", "500000");
        changed.put("progressNarrative", "项目按计划推进，已完成主体工程。 ");
        Reports.submit(UNIT, "REP-1", "2024-09", changed).statusCode(400)
                .body("violations[0].field", equalTo("correctionReason"));
        changed.put("correctionReason", "补充说明");
        Reports.submit(UNIT, "REP-1", "2024-09", changed).statusCode(200).body("latestVersion", equalTo(2));
        // Repeating the correction is a repeat too.
        Reports.submit(UNIT, "REP-1", "2024-09", changed).statusCode(200).body("latestVersion", equalTo(2));

        // The relay publishes in order, so had the repeats written events they would be among these.
        List<TopicProbe.Seen> events = TopicProbe.await(Topics.PROGRESS_EVENTS, s -> s.key().equals("REP-1"), 2,
                Duration.ofSeconds(30));
        assertThat(events).extracting(s -> s.value().path("payload").path("version").asInt()).containsExactly(1, 2);
        assertThat(events).extracting(s -> s.value().path("type").asText()).containsExactly("ReportSubmitted", "ReportCorrected");
    }

    @Test
    void anIdenticalBatchItemIsAnsweredWithTheStoredReportAndStatus200() {
        ProjectEvents.publishKnown("REP-2", UNIT, 6, "ACTIVE", "2000000");
        Map<String, Object> item = Map.of("projectId", "REP-2", "period", "2024-09", "report", Reports.body("40", "500000"));
        batch(null, List.of(item)).then().statusCode(200).body("results[0].status", equalTo(201));
        batch(null, List.of(item)).then().statusCode(200)
                .body("succeeded", equalTo(1))
                .body("results[0].status", equalTo(200))
                .body("results[0].report.latestVersion", equalTo(1));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/REP-2/reports/2024-09").then()
                .body("versions.version", contains(1));
    }

    @Test
    void aBatchRepeatedWithItsIdempotencyKeyGetsTheFirstAnswerAndAnotherBatchUnderTheKeyIsRefused() {
        ProjectEvents.publishKnown("REP-3", UNIT, 6, "ACTIVE", "2000000");
        List<Map<String, Object>> items = List.of(
                Map.of("projectId", "REP-3", "period", "2024-09", "report", Reports.body("40", "500000")));
        Response first = batch("batch-key-1", items);
        first.then().statusCode(200).body("results[0].status", equalTo(201));

        // Applied again it would answer 200 (unchanged); the stored answer still says 201.
        Response repeat = batch("batch-key-1", items);
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(repeat.asString()).isEqualTo(first.asString());

        List<Map<String, Object>> others = List.of(
                Map.of("projectId", "REP-3", "period", "2024-10", "report", Reports.body("45", "600000")));
        batch("batch-key-1", others).then().statusCode(422).contentType("application/problem+json")
                .body("violations[0].field", equalTo("Idempotency-Key"));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/REP-3/reports").then().body("period", contains("2024-09"));

        // The key belongs to its caller: another unit using the same key is not answered with this unit's result.
        batch("batch-key-1", others, "repeat-other-unit").then().statusCode(200).body("results[0].status", equalTo(403));
    }

    @Test
    void aFileRepeatedWithItsIdempotencyKeyGetsTheFirstAnswerAndAnotherFileUnderTheKeyIsRefused() {
        ProjectEvents.publishKnown("REP-4", UNIT, 6, "ACTIVE", "2000000");
        String file = HEADER + "REP-4,2024-09,40,40000,0,0,,40000,0,0,,,进展顺利,,,张三,0777-1234567,\n";
        Response first = upload("file-key-1", file);
        first.then().statusCode(200).body("submitted", equalTo(1));

        Response repeat = upload("file-key-1", file);
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(repeat.asString()).isEqualTo(first.asString());
        // Without the key the file is applied again, and its row is unchanged.
        upload(null, file).then().statusCode(200).body("submitted", equalTo(0)).body("unchanged", equalTo(1));

        upload("file-key-1", file.replace(",40,40000,", ",50,50000,")).then().statusCode(422)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("Idempotency-Key"));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/REP-4/reports/2024-09").then()
                .body("versions.version", contains(1));
    }

    @Test
    void aRefusedFileIsNotRememberedSoItsKeyMaySendTheCorrectedFile() {
        ProjectEvents.publishKnown("REP-5", UNIT, 6, "ACTIVE", "2000000");
        String good = HEADER + "REP-5,2024-09,40,40000,0,0,,40000,0,0,,,进展顺利,,,张三,0777-1234567,\n";
        upload("file-key-2", good.replace(",40,40000,", ",四十,40000,")).then().statusCode(400);
        upload("file-key-2", good).then().statusCode(200).body("submitted", equalTo(1));
    }

    @Test
    void anIdempotencyKeyThatIsNotVisibleAsciiIsRefusedNamingTheHeader() {
        batch("x".repeat(256), List.of(Map.of("projectId", "REP-1", "period", "2024-09", "report", Reports.body("40", "1"))))
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("Idempotency-Key"));
    }

    private static Response batch(String key, List<Map<String, Object>> items) {
        return batch(key, items, UNIT);
    }

    private static Response batch(String key, List<Map<String, Object>> items, String unit) {
        var request = RestApi.as(Roles.LEAD_UNIT, unit).body(Map.of("items", items));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post("/reports/batch");
    }

    private static Response upload(String key, String csv) {
        var request = RestApi.as(Roles.LEAD_UNIT, UNIT).contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post("/report-files");
    }
}
