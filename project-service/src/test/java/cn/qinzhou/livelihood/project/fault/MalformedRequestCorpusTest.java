package cn.qinzhou.livelihood.project.fault;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.MalformedRequests.Answer;
import cn.qinzhou.livelihood.testsupport.MalformedRequests.Case;
import cn.qinzhou.livelihood.testsupport.MalformedRequests;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every write endpoint of the registry against a generated corpus of malformed requests, each case a test of
 * its own: it is refused with a 4xx problem+json naming the field, and nothing is stored: the API's view of
 * projects, lead units, adjustment requests and the clock is unchanged and no event was written to the outbox.
 * Uses programme 3 (P0301, P0302) and the unit qz-corpus only.
 */
@QuarkusTest
class MalformedRequestCorpusTest {

    static final String UNIT = "qz-corpus";
    static final String PROJECT = "P0301";
    /** Cancelled, in a test of its own, by the approval that needs no body. */
    static final String APPROVED_PROJECT = "P0302";

    @Inject
    DataSource dataSource;

    private static boolean prepared;

    /** Once per run, whichever test runs first; RestAssured knows the app's port only from the first test on. */
    @BeforeEach
    void theCorpusUnitLeadsItsProjects() {
        if (prepared) {
            return;
        }
        prepared = true;
        RestApi.as(Roles.PLANNER, null).body(Map.of("id", UNIT, "name", "语料测试单位")).post("/lead-units").then().statusCode(201);
        for (String project : List.of(PROJECT, APPROVED_PROJECT)) {
            RestApi.as(Roles.PLANNER, null).body(Map.of("leadUnitId", UNIT)).put("/projects/" + project + "/lead-unit").then().statusCode(200);
        }
    }

    /** One test per malformed request, named by it, each sent with the token of a role that may call the endpoint. */
    @TestFactory
    Stream<DynamicTest> everyMalformedWriteIsRefusedCleanlyAndChangesNothing() throws Exception {
        int pending = RestApi.as(Roles.LEAD_UNIT, UNIT).body(Map.of("kind", "CANCEL", "reason", "语料测试"))
                .post("/projects/" + PROJECT + "/adjustment-requests").then().statusCode(201).extract().path("id");

        Map<String, List<Case>> byRole = new LinkedHashMap<>();
        byRole.put(Roles.PLANNER, plannerCases(pending));
        byRole.put(Roles.LEAD_UNIT, adjustmentCases());
        byRole.put(Roles.OPERATOR, MalformedRequests.clockCases());
        List<Case> all = byRole.values().stream().flatMap(List::stream).toList();
        System.out.printf("[corpus] project-service: %d malformed requests %s%n", all.size(), MalformedRequests.countByEndpoint(all));
        assertThat(all).hasSizeGreaterThanOrEqualTo(150);

        // A stopped clock, so the clock's answer is part of the state that must not change.
        RestApi.as(Roles.OPERATOR, null).body(Map.of("to", "2024-10-03T10:00:00+08:00")).put("/admin/clock").then().statusCode(200);
        String before = visibleState(pending);
        long outboxBefore = outboxRows();
        Executable unchanged = () -> {
            assertThat(visibleState(pending)).isEqualTo(before);
            assertThat(outboxRows()).as("events written").isEqualTo(outboxBefore);
        };
        // then the same requests asking for Chinese: every title, detail and violation message in Chinese
        return Stream.concat(
                byRole.entrySet().stream().flatMap(role -> MalformedRequests.eachRefusedCleanly(base(),
                        Tokens.forRole(role.getKey(), Roles.LEAD_UNIT.equals(role.getKey()) ? UNIT : null), role.getValue(), unchanged)),
                byRole.entrySet().stream().flatMap(role -> MalformedRequests.eachRefusedInChinese(base(),
                        Tokens.forRole(role.getKey(), Roles.LEAD_UNIT.equals(role.getKey()) ? UNIT : null), role.getValue())));
    }

    /** Runs after the dynamic tests of the factory have all run. */
    @AfterEach
    void systemClock() {
        RestApi.as(Roles.OPERATOR, null).delete("/admin/clock").then().statusCode(200);
    }

    @Test
    void theDecisionsNoteStaysOptionalSoNoBodyAndNoContentTypeIsStillAValidApproval() {
        int request = RestApi.as(Roles.LEAD_UNIT, UNIT).body(Map.of("kind", "CANCEL", "reason", "语料测试"))
                .post("/projects/" + APPROVED_PROJECT + "/adjustment-requests").then().statusCode(201).extract().path("id");
        Answer approval = MalformedRequests.postWithoutBody(base(), Tokens.forRole(Roles.PLANNER, null),
                "adjustment-requests/" + request + "/approval");
        assertThat(approval.status()).as(approval.body()).isEqualTo(200);
    }

    private static URI base() {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/");
    }

    private static List<Case> plannerCases(int pending) {
        Map<String, Object> split = Map.of("central", new BigDecimal("600000.00"), "regional", new BigDecimal("300000.00"),
                "local", new BigDecimal("100000.00"));
        Map<String, Object> funding = Map.of("totalInvestment", new BigDecimal("2000000.00"),
                "annualPlan", new BigDecimal("1000000.00"), "split", split);
        List<Case> cases = new ArrayList<>();
        cases.addAll(MalformedRequests.endpoint("POST /lead-units", "POST", "lead-units")
                .body(Map.of("id", "qz-corpus-new", "name", "新单位"))
                .code("id", true, "", "Q", "QZ-UPPER", "-leading-dash", "有中文", "x".repeat(65), "qz corpus")
                .text("name", true, 100)
                .rule("id", "an id that exists already", Map.of("id", UNIT, "name", "重复"))
                .cases());
        cases.addAll(MalformedRequests.endpoint("PUT /lead-units/{id}", "PUT", "lead-units/" + UNIT)
                .body(Map.of("name", "语料改名单位"))
                .text("name", true, 100)
                .badPath("a lead unit that does not exist", "lead-units/qz-corpus-missing")
                .cases());
        cases.addAll(MalformedRequests.endpoint("POST /projects", "POST", "projects")
                .body(Map.of("programmeId", 3, "category", "CITY_SELECTED", "name", "语料新项目", "leadUnitId", UNIT,
                        "funding", funding))
                .integer("programmeId", true, true)
                .code("category", true, "city_selected", "OTHER", "")
                .text("name", true, 200)
                .code("leadUnitId", false, "QZ", "a b", "")
                .object("funding", false)
                .money("funding.annualPlan", true)
                .money("funding.split.central", true)
                .rule("programmeId", "a programme that does not exist", Map.of("programmeId", 11,
                        "category", "CITY_SELECTED", "name", "语料新项目"))
                .rule("programmeId", "programme 0", Map.of("programmeId", 0, "category", "CITY_SELECTED", "name", "语料新项目"))
                .rule("leadUnitId", "a lead unit that is not registered", Map.of("programmeId", 3,
                        "category", "CITY_SELECTED", "name", "语料新项目", "leadUnitId", "qz-nobody"))
                .cases());
        cases.addAll(MalformedRequests.endpoint("PUT /projects/{id}/funding", "PUT", "projects/" + PROJECT + "/funding")
                .body(funding)
                .money("totalInvestment", true)
                .money("annualPlan", true)
                .object("split", true)
                .money("split.central", true)
                .money("split.regional", true)
                .money("split.local", true)
                .rule("split", "a split that does not add up to the annual plan", Map.of("totalInvestment", 2000000,
                        "annualPlan", 1000000, "split", Map.of("central", 1, "regional", 0, "local", 0)))
                .rule("annualPlan", "an annual plan above the total investment", Map.of("totalInvestment", 1,
                        "annualPlan", 1000000, "split", split))
                .badPath("a project that does not exist", "projects/P9999/funding")
                .badPath("a SQL fragment as the project id", "projects/P0301%27%3B%20drop%20table%20project%3B--/funding")
                .cases());
        cases.addAll(MalformedRequests.endpoint("PUT /projects/{id}/lead-unit", "PUT", "projects/" + PROJECT + "/lead-unit")
                .body(Map.of("leadUnitId", UNIT))
                .code("leadUnitId", true, "", "QZ-CORPUS", "x", "<b>qz</b>")
                .rule("leadUnitId", "a lead unit that is not registered", Map.of("leadUnitId", "qz-nobody"))
                .badPath("a project that does not exist", "projects/P9999/lead-unit")
                .cases());
        for (String decision : List.of("approval", "rejection")) {
            cases.addAll(MalformedRequests.endpoint("POST /adjustment-requests/{id}/" + decision, "POST",
                            "adjustment-requests/" + pending + "/" + decision)
                    .body(Map.of("note", "同意"))
                    .bodyOptional()
                    .text("note", false, 2000)
                    .badPath("an id that is not a number", "adjustment-requests/abc/" + decision)
                    .badPath("an id that does not exist", "adjustment-requests/999999/" + decision)
                    .badPath("an id beyond 64 bits", "adjustment-requests/99999999999999999999999/" + decision)
                    .cases());
        }
        String header = "project,lead_unit_id,lead_unit_name,total_investment,annual_plan,central,regional,local\n";
        cases.addAll(MalformedRequests.endpoint("POST /responsibility-table", "POST", "responsibility-table")
                .notJson()
                .raw("body", "empty", "text/csv", new byte[0])
                .raw("header", "a header only", "text/csv", MalformedRequests.utf8(header))
                .raw("header", "a missing column", "text/csv", MalformedRequests.utf8(
                        "project,lead_unit_id,total_investment\nP0301,qz-corpus,1\n"))
                .raw("rows[2].total_investment", "text as an amount", "text/csv", MalformedRequests.utf8(
                        header + "P0301,qz-corpus,语料测试单位,abc,1000000,600000,300000,100000\n"))
                .raw("rows[2].annual_plan", "a negative amount", "text/csv", MalformedRequests.utf8(
                        header + "P0301,qz-corpus,语料测试单位,2000000,-1,0,0,0\n"))
                .raw("rows[2].project", "a SQL fragment as the project", "text/csv", MalformedRequests.utf8(
                        header + "'; drop table project; --,qz-corpus,语料测试单位,2000000,1000000,600000,300000,100000\n"))
                .raw("rows[2].lead_unit_id", "a script fragment as the unit id", "text/csv", MalformedRequests.utf8(
                        header + "P0301,<script>x</script>,语料测试单位,2000000,1000000,600000,300000,100000\n"))
                .raw("rows[2]", "an unclosed quote", "text/csv", MalformedRequests.utf8(
                        header + "P0301,\"qz-corpus,语料测试单位,2000000,1000000,600000,300000,100000\n"))
                .raw("body", "invalid UTF-8 bytes", "text/csv", MalformedRequests.withInvalidUtf8(
                        header + "P0301,qz-corpus,", ",2000000,1000000,600000,300000,100000\n"))
                .raw("body", "JSON instead of CSV", "application/json", MalformedRequests.utf8("{\"rows\": []}"))
                .raw("body", "a body over the 2M limit", "text/csv", MalformedRequests.utf8(
                        header + "P0301,qz-corpus,x,1,1,1,0,0\n".repeat(120_000)))
                .cases());
        return cases;
    }

    private static List<Case> adjustmentCases() {
        return MalformedRequests.endpoint("POST /projects/{id}/adjustment-requests", "POST",
                        "projects/" + PROJECT + "/adjustment-requests")
                .body(Map.of("kind", "CHANGE_PLAN", "annualPlan", new BigDecimal("500000.00"),
                        "split", Map.of("central", new BigDecimal("500000.00"), "regional", 0, "local", 0),
                        "reason", "上级资金调减"))
                .code("kind", true, "change_plan", "DELETE", "")
                .money("annualPlan", false)
                .object("split", false)
                .money("split.central", true)
                .text("reason", true, 2000)
                .rule("annualPlan", "CHANGE_PLAN without a plan", Map.of("kind", "CHANGE_PLAN", "reason", "调整"))
                .rule("annualPlan", "CANCEL with a revised plan", Map.of("kind", "CANCEL", "annualPlan", 1, "reason", "取消",
                        "split", Map.of("central", 1, "regional", 0, "local", 0)))
                .badPath("a project that does not exist", "projects/P9999/adjustment-requests")
                .badPath("another unit's project", "projects/P0101/adjustment-requests")
                .cases();
    }

    /** Everything a client can see of what the corpus targets; equal before and after means nothing stored. */
    private static String visibleState(int pending) {
        return MalformedRequests.read(base(), Tokens.forRole(Roles.PLANNER, null),
                "projects?size=500", "lead-units", "adjustment-requests", "adjustment-requests/" + pending)
                + MalformedRequests.read(base(), Tokens.forRole(Roles.OPERATOR, null), "admin/clock");
    }

    private long outboxRows() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet rows = connection.createStatement().executeQuery("select count(*) from outbox_event")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
