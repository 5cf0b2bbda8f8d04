package cn.qinzhou.livelihood.project.adjustment;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;

/** Uses programme 9 (巩固脱贫惠民工程) projects only, all led by one unit that files the requests. */
@QuarkusTest
class AdjustmentRequestTest {

    static final String UNIT = "qz-xczxj";

    private static boolean prepared;

    /** Once per run; RestAssured knows the app's port only from the first test on. */
    @BeforeEach
    void programmeNineIsLedByOneUnit() {
        if (prepared) {
            return;
        }
        prepared = true;
        RestApi.as(Roles.PLANNER, null).body(Map.of("id", UNIT, "name", "市乡村振兴局")).when().post("/lead-units");
        for (String id : new String[]{"P0901", "P0902", "P0903", "P0904", "P0905", "P0906"}) {
            RestApi.as(Roles.PLANNER, null).body(Map.of("leadUnitId", UNIT)).when().put("/projects/" + id + "/lead-unit").then().statusCode(200);
        }
    }

    @Test
    void requesterAndDeciderAreTakenFromTheTokenNotTheBody() {
        RestApi.as(Roles.LEAD_UNIT, UNIT).body(Map.of("kind", "CANCEL", "reason", "测试", "requestedBy", "冒名"))
                .when().post("/projects/P0906/adjustment-requests")
                .then().statusCode(400).body("violations[0].field", equalTo("requestedBy"));
        int id = file("P0906", Map.of("kind", "CANCEL", "reason", "测试"));
        RestApi.as(Roles.PLANNER, null).when().get("/adjustment-requests/" + id)
                .then().statusCode(200).body("requestedBy", equalTo("lead-unit:" + UNIT));
    }

    @Test
    void approvalRevisesThePlanKeepsTheOriginalAndAnnouncesIt() {
        fund("P0901", "9000000.00", "8000000.00", "5000000.00", "2000000.00", "1000000.00");
        int requestId = file("P0901", Map.of("kind", "CHANGE_PLAN", "annualPlan", new BigDecimal("6000000.00"),
                "split", split("4000000.00", "1000000.00", "1000000.00"),
                "reason", "上级资金下达减少，年度计划投入调减"));

        RestApi.as(Roles.PLANNER, null).body(Map.of("note", "同意调整"))
                .when().post("/adjustment-requests/" + requestId + "/approval")
                .then().statusCode(200)
                .body("status", equalTo("APPROVED"))
                .body("decidedBy", equalTo("planner"));

        RestApi.as(Roles.PLANNER, null).when().get("/projects/P0901")
                .then().statusCode(200)
                .body("status", equalTo("ADJUSTED"))
                .body("plan.annualPlan", comparesEqualTo(new BigDecimal("6000000.00")))
                .body("plan.central", comparesEqualTo(new BigDecimal("4000000.00")))
                .body("originalPlan.annualPlan", comparesEqualTo(new BigDecimal("8000000.00")))
                .body("originalPlan.central", comparesEqualTo(new BigDecimal("5000000.00")));

        List<TopicProbe.Seen> approved = TopicProbe.await(Topics.PROJECT_EVENTS, seen -> seen.key().equals("P0901")
                && seen.value().path("type").asText().equals("AdjustmentApproved"), 1, Duration.ofSeconds(30));
        var payload = approved.get(0).value().path("payload");
        assertThat(payload.path("requestId").asInt()).isEqualTo(requestId);
        assertThat(payload.path("project").path("plan").path("annualPlan").decimalValue()).isEqualByComparingTo("6000000.00");
        assertThat(payload.path("project").path("originalPlan").path("annualPlan").decimalValue()).isEqualByComparingTo("8000000.00");
        assertThat(payload.path("project").path("status").asText()).isEqualTo("ADJUSTED");

        // Deciding twice is a conflict and changes nothing.
        RestApi.as(Roles.PLANNER, null).body(Map.of())
                .when().post("/adjustment-requests/" + requestId + "/rejection")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void rejectionLeavesThePlanAndAnnouncesIt() {
        fund("P0902", "3000000.00", "2000000.00", "1000000.00", "500000.00", "500000.00");
        int requestId = file("P0902", Map.of("kind", "CHANGE_PLAN", "annualPlan", new BigDecimal("2500000.00"),
                "split", split("1500000.00", "500000.00", "500000.00"), "reason", "拟增加投入"));
        RestApi.as(Roles.PLANNER, null).body(Map.of("note", "理由不充分"))
                .when().post("/adjustment-requests/" + requestId + "/rejection")
                .then().statusCode(200).body("status", equalTo("REJECTED"));
        RestApi.as(Roles.PLANNER, null).when().get("/projects/P0902")
                .then().statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .body("plan.annualPlan", comparesEqualTo(new BigDecimal("2000000.00")))
                .body("originalPlan", equalTo(null));
        List<TopicProbe.Seen> rejected = TopicProbe.await(Topics.PROJECT_EVENTS, seen -> seen.key().equals("P0902")
                && seen.value().path("type").asText().equals("AdjustmentRejected"), 1, Duration.ofSeconds(30));
        assertThat(rejected.get(0).value().path("payload").path("note").asText()).isEqualTo("理由不充分");
    }

    @Test
    void anApprovedCancellationCancelsTheProjectWhichThenRefusesChanges() {
        int requestId = file("P0903", Map.of("kind", "CANCEL", "reason", "客观原因无法实施"));
        RestApi.as(Roles.PLANNER, null).body(Map.of())
                .when().post("/adjustment-requests/" + requestId + "/approval")
                .then().statusCode(200);
        RestApi.as(Roles.PLANNER, null).when().get("/projects/P0903").then().statusCode(200).body("status", equalTo("CANCELLED"));
        TopicProbe.await(Topics.PROJECT_EVENTS, seen -> seen.key().equals("P0903")
                && seen.value().path("type").asText().equals("ProjectCancelled"), 1, Duration.ofSeconds(30));

        RestApi.as(Roles.PLANNER, null).body(Map.of("totalInvestment", 1, "annualPlan", 1, "split", split("1", "0", "0")))
                .when().put("/projects/P0903/funding")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aSecondPendingRequestForTheSameProjectIsAConflict() {
        file("P0904", Map.of("kind", "CANCEL", "reason", "测试"));
        RestApi.as(Roles.LEAD_UNIT, UNIT).body(Map.of("kind", "CANCEL", "reason", "再次申请"))
                .when().post("/projects/P0904/adjustment-requests")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aPlanChangeWhoseSplitDoesNotAddUpIsRefusedNamingTheSplit() {
        RestApi.as(Roles.LEAD_UNIT, UNIT).body(Map.of("kind", "CHANGE_PLAN", "annualPlan", 100, "split", split("10", "10", "10"),
                        "reason", "调整"))
                .when().post("/projects/P0905/adjustment-requests")
                .then().statusCode(400)
                .body("violations[0].field", equalTo("split"));
        RestApi.as(Roles.PLANNER, null).when().get("/adjustment-requests?project=P0905").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void decidingAnUnknownRequestIs404() {
        RestApi.as(Roles.PLANNER, null).body(Map.of()).when().post("/adjustment-requests/999999/approval")
                .then().statusCode(404).contentType("application/problem+json");
    }

    private static int file(String projectId, Map<String, Object> body) {
        return RestApi.as(Roles.LEAD_UNIT, UNIT).body(body)
                .when().post("/projects/" + projectId + "/adjustment-requests")
                .then().statusCode(201)
                .body("status", equalTo("PENDING"))
                .extract().jsonPath().getInt("id");
    }

    private static void fund(String id, String total, String annual, String central, String regional, String local) {
        RestApi.as(Roles.PLANNER, null).body(Map.of("totalInvestment", new BigDecimal(total), "annualPlan", new BigDecimal(annual),
                        "split", split(central, regional, local)))
                .when().put("/projects/" + id + "/funding").then().statusCode(200);
    }

    private static Map<String, Object> split(String central, String regional, String local) {
        return Map.of("central", new BigDecimal(central), "regional", new BigDecimal(regional), "local", new BigDecimal(local));
    }
}
