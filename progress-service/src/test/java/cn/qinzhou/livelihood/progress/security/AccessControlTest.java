package cn.qinzhou.livelihood.progress.security;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetReader;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.Tokens;
import cn.qinzhou.livelihood.testsupport.Workbooks;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** For every endpoint: 401 without a token, 403 for a role that may not, 403 for another unit, success for the allowed. */
@QuarkusTest
class AccessControlTest {

    static final String OWN = "acl-own";
    static final String OTHER = "acl-other";

    /** A workbook whose one row is the own unit's report on ACL-1 for 2024-11 (the allowed call stores it). */
    static final String XLSX_UPLOAD = "xlsx:ACL-1:2024-11";

    record Endpoint(String method, String path, String body, String allowedRole, String allowedUnit, String deniedRole,
                    boolean ownedObject) {
    }

    static List<Endpoint> endpoints() throws Exception {
        String report = new ObjectMapper().writeValueAsString(Reports.body("10", "10"));
        String batch = new ObjectMapper().writeValueAsString(Map.of("items",
                List.of(Map.of("projectId", "ACL-1", "period", "2024-09", "report", Reports.body("10", "10")))));
        return List.of(
                new Endpoint("PUT", "/projects/ACL-1/reports/2024-08", report, Roles.LEAD_UNIT, OWN, Roles.PLANNER, true),
                new Endpoint("GET", "/projects/ACL-1/reports", null, Roles.LEAD_UNIT, OWN, Roles.DASHBOARD, true),
                new Endpoint("GET", "/projects/ACL-1/reports/2024-08", null, Roles.LEAD_UNIT, OWN, Roles.DASHBOARD, true),
                new Endpoint("GET", "/reports?period=2024-08", null, Roles.LEAD_UNIT, OWN, Roles.DASHBOARD, false),
                new Endpoint("POST", "/reports/batch", batch, Roles.LEAD_UNIT, OWN, Roles.SUPERVISOR, false),
                new Endpoint("GET", "/reporting-status?period=2024-08", null, Roles.DASHBOARD, null, null, false),
                new Endpoint("GET", "/funding-totals", null, Roles.DASHBOARD, null, Roles.LEAD_UNIT, false),
                new Endpoint("GET", "/funding-totals?format=xlsx", null, Roles.DASHBOARD, null, Roles.LEAD_UNIT, false),
                new Endpoint("GET", "/reports?period=2024-08&format=xlsx", null, Roles.LEAD_UNIT, OWN, Roles.DASHBOARD, false),
                new Endpoint("GET", "/reports?period=2024-08&format=csv", null, Roles.SUPERVISOR, null, Roles.DASHBOARD, false),
                new Endpoint("GET", "/report-files/template?format=xlsx", null, Roles.LEAD_UNIT, OWN, Roles.DASHBOARD, false),
                new Endpoint("POST", "/report-files", XLSX_UPLOAD, Roles.LEAD_UNIT, OWN, Roles.PLANNER, false),
                new Endpoint("GET", "/bulletins/2024-08", null, Roles.SUPERVISOR, null, Roles.DASHBOARD, false),
                new Endpoint("GET", "/bulletins/2024-08?format=xlsx", null, Roles.PLANNER, null, Roles.LEAD_UNIT, false),
                new Endpoint("GET", "/bulletins/2024-08?format=html", null, Roles.SUPERVISOR, null, Roles.DASHBOARD, false));
    }

    private static boolean prepared;

    @BeforeEach
    void aProjectOfOwnUnit() {
        if (prepared) {
            return;
        }
        prepared = true;
        ProjectEvents.publishKnown("ACL-1", OWN, 2, "ACTIVE", "100");
    }

    @Test
    void everyEndpointRefusesACallerWithoutAToken() throws Exception {
        for (Endpoint e : endpoints()) {
            assertThat(call(RestApi.anonymous(), e).statusCode()).as(e.method() + " " + e.path()).isEqualTo(401);
        }
    }

    @Test
    void everyEndpointRefusesARoleThatMayNotCallItAndAnotherUnit() throws Exception {
        for (Endpoint e : endpoints()) {
            if (e.deniedRole() != null) {
                Response denied = call(RestApi.as(e.deniedRole(), e.deniedRole().equals(Roles.LEAD_UNIT) ? OWN : null), e);
                assertThat(denied.statusCode()).as(e.method() + " " + e.path() + " as " + e.deniedRole()).isEqualTo(403);
                assertThat(denied.contentType()).startsWith("application/problem+json");
            }
            if (e.ownedObject()) {
                assertThat(call(RestApi.as(Roles.LEAD_UNIT, OTHER), e).statusCode()).as(e.method() + " " + e.path() + " as another unit")
                        .isEqualTo(403);
            }
        }
        // Another unit's batch item is refused on its own, and another unit's list is refused.
        RestApi.as(Roles.LEAD_UNIT, OTHER).body(Map.of("items", List.of(Map.of("projectId", "ACL-1", "period", "2024-10",
                        "report", Reports.body("10", "10"))))).when().post("/reports/batch")
                .then().statusCode(200).body("results[0].status", equalTo(403));
        RestApi.as(Roles.LEAD_UNIT, OTHER).queryParam("leadUnit", OWN).when().get("/reports").then().statusCode(403);
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/ACL-1/reports/2024-10").then().statusCode(404);
    }

    @Test
    void theAllowedRoleSucceedsOnEveryEndpoint() throws Exception {
        for (Endpoint e : endpoints()) {
            assertThat(call(RestApi.as(e.allowedRole(), e.allowedUnit()), e).statusCode())
                    .as(e.method() + " " + e.path() + " as " + e.allowedRole()).isBetween(200, 201);
        }
    }

    @Test
    void forgedExpiredAndForeignTokensAreRefused() {
        for (String token : List.of(Tokens.badSignature(Roles.SUPERVISOR), Tokens.expired(Roles.SUPERVISOR),
                Tokens.wrongIssuer(Roles.SUPERVISOR), Tokens.wrongAudience(Roles.SUPERVISOR))) {
            RestApi.anonymous().auth().oauth2(token).when().get("/reports").then().statusCode(401);
        }
    }

    private static Response call(RequestSpecification spec, Endpoint e) {
        spec = spec.accept("*/*");
        if (XLSX_UPLOAD.equals(e.body())) {
            spec = spec.contentType(SpreadsheetReader.XLSX).body(Workbooks.xlsx(List.of(
                    List.of("projectId", "period", "progressPercent", "completedCentral", "completedRegional", "completedLocal",
                            "completedInvestment", "receivedCentral", "receivedRegional", "receivedLocal", "beneficiaries",
                            "beneficiaryDescription", "progressNarrative", "difficulties", "typicalCases", "submittedBy",
                            "contact", "correctionReason"),
                    java.util.Arrays.asList("ACL-1", "2024-11", 50, 50, 0, 0, null, 50, 0, 0, null, null, "按计划推进", null, null,
                            "张三", "0777-1234567", null))));
        } else if (e.body() != null) {
            spec = spec.body(e.body());
        }
        return spec.when().request(e.method(), e.path());
    }
}
