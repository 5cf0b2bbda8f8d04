package cn.qinzhou.livelihood.project.security;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetReader;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.Tokens;
import cn.qinzhou.livelihood.testsupport.Workbooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * For every endpoint: no token 401, a role that may not call it 403, another unit's object 403 with nothing
 * changed, and the allowed role succeeds. Uses programme 6 (兴农惠民工程), led by {@link #OWN}.
 */
@QuarkusTest
class AccessControlTest {

    static final String OWN = "qz-nyncj";
    static final String OTHER = "qz-other";

    record Endpoint(String method, String path, Object body, String allowedRole, String allowedUnit, String deniedRole) {
    }

    static final String FUNDING = "{\"totalInvestment\": 10, \"annualPlan\": 10, \"split\": {\"central\": 10, \"regional\": 0, \"local\": 0}}";

    static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("GET", "/projects", null, Roles.LEAD_UNIT, OWN, Roles.DASHBOARD),
                new Endpoint("GET", "/projects/P0601", null, Roles.LEAD_UNIT, OWN, Roles.DASHBOARD),
                new Endpoint("POST", "/projects", "{\"programmeId\": 6, \"category\": \"CITY_SELECTED\", \"name\": \"安全测试项目\"}",
                        Roles.PLANNER, null, Roles.SUPERVISOR),
                new Endpoint("PUT", "/projects/P0602/funding", FUNDING, Roles.PLANNER, null, Roles.LEAD_UNIT),
                new Endpoint("PUT", "/projects/P0602/lead-unit", "{\"leadUnitId\": \"" + OWN + "\"}", Roles.PLANNER, null, Roles.SUPERVISOR),
                new Endpoint("GET", "/lead-units", null, Roles.SUPERVISOR, null, Roles.DASHBOARD),
                new Endpoint("POST", "/lead-units", "{\"id\": \"qz-sec-test\", \"name\": \"安全测试单位\"}", Roles.PLANNER, null, Roles.SUPERVISOR),
                new Endpoint("GET", "/programmes", null, Roles.DASHBOARD, null, null),
                new Endpoint("GET", "/funding-totals", null, Roles.DASHBOARD, null, Roles.LEAD_UNIT),
                new Endpoint("GET", "/responsibility-table/template", null, Roles.PLANNER, null, Roles.SUPERVISOR),
                new Endpoint("GET", "/responsibility-table/template?format=xlsx", null, Roles.PLANNER, null, Roles.SUPERVISOR),
                new Endpoint("GET", "/funding-totals?format=xlsx", null, Roles.DASHBOARD, null, Roles.LEAD_UNIT),
                new Endpoint("GET", "/funding-totals?format=csv&groupBy=source", null, Roles.DASHBOARD, null, Roles.LEAD_UNIT),
                new Endpoint("POST", "/responsibility-table", Workbooks.xlsx(List.of(
                        List.of("project", "lead_unit_id", "lead_unit_name", "total_investment", "annual_plan", "central", "regional", "local"),
                        List.of("P0601", OWN, "市农业农村局", 10, 10, 10, 0, 0))), Roles.PLANNER, null, Roles.SUPERVISOR),
                new Endpoint("POST", "/responsibility-table", "project,lead_unit_id,lead_unit_name,total_investment,annual_plan,central,regional,local\n"
                        + "P0601," + OWN + ",市农业农村局,10,10,10,0,0\n", Roles.PLANNER, null, Roles.SUPERVISOR),
                new Endpoint("POST", "/projects/P0603/adjustment-requests", "{\"kind\": \"CANCEL\", \"reason\": \"安全测试\"}",
                        Roles.LEAD_UNIT, OWN, Roles.PLANNER),
                new Endpoint("GET", "/projects/P0603/adjustment-requests", null, Roles.LEAD_UNIT, OWN, Roles.DASHBOARD),
                new Endpoint("GET", "/adjustment-requests", null, Roles.LEAD_UNIT, OWN, Roles.DASHBOARD),
                new Endpoint("GET", "/adjustment-requests/{request}", null, Roles.LEAD_UNIT, OWN, Roles.DASHBOARD),
                new Endpoint("POST", "/adjustment-requests/{request}/rejection", "{}", Roles.PLANNER, null, Roles.LEAD_UNIT));
    }

    static int requestId;

    private static boolean prepared;

    /** Once per run; RestAssured knows the app's port only from the first test on. */
    @BeforeEach
    void programmeSixIsLedByOneUnit() {
        if (prepared) {
            return;
        }
        prepared = true;
        RestApi.as(Roles.PLANNER, null).body(Map.of("id", OWN, "name", "市农业农村局")).when().post("/lead-units");
        for (String id : new String[]{"P0601", "P0602", "P0603", "P0604"}) {
            RestApi.as(Roles.PLANNER, null).body(Map.of("leadUnitId", OWN)).when().put("/projects/" + id + "/lead-unit").then().statusCode(200);
        }
        requestId = RestApi.as(Roles.LEAD_UNIT, OWN).body(Map.of("kind", "CANCEL", "reason", "用于权限测试"))
                .when().post("/projects/P0604/adjustment-requests").then().statusCode(201).extract().path("id");
    }

    @Test
    void everyEndpointRefusesACallerWithoutAToken() {
        for (Endpoint e : endpoints()) {
            Response response = call(RestApi.anonymous(), e);
            assertThat(response.statusCode()).as(e.method() + " " + e.path()).isEqualTo(401);
        }
    }

    @Test
    void everyEndpointRefusesARoleThatMayNotCallIt() {
        // Compared with itself, not with a fixed state: the allowed calls of another test may have funded P0602.
        String before = RestApi.as(Roles.PLANNER, null).when().get("/projects/P0602").then().statusCode(200).extract().asString();
        for (Endpoint e : endpoints()) {
            if (e.deniedRole() == null) {
                continue;
            }
            String unit = e.deniedRole().equals(Roles.LEAD_UNIT) ? OWN : null;
            Response response = call(RestApi.as(e.deniedRole(), unit), e);
            assertThat(response.statusCode()).as(e.method() + " " + e.path() + " as " + e.deniedRole()).isEqualTo(403);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        assertThat(RestApi.as(Roles.PLANNER, null).when().get("/projects/P0602").then().statusCode(200).extract().asString()).isEqualTo(before);
    }

    @Test
    void aLeadUnitCannotReachAnotherUnitsProjectsAndNothingChanges() {
        // Compared with itself: the allowed calls of another test may have filed a request on P0603.
        String before = RestApi.as(Roles.PLANNER, null).when().get("/adjustment-requests?project=P0603").then().statusCode(200).extract().asString();
        for (Endpoint e : endpoints()) {
            if (!Roles.LEAD_UNIT.equals(e.allowedRole()) || !e.path().contains("P06") && !e.path().contains("{request}")) {
                continue;
            }
            Response response = call(RestApi.as(Roles.LEAD_UNIT, OTHER), e);
            assertThat(response.statusCode()).as(e.method() + " " + e.path() + " as another unit").isEqualTo(403);
        }
        assertThat(RestApi.as(Roles.PLANNER, null).when().get("/adjustment-requests?project=P0603").then().statusCode(200).extract().asString())
                .isEqualTo(before);
        // A list is narrowed to the caller's own unit, and asking for another unit's list is refused.
        RestApi.as(Roles.LEAD_UNIT, OTHER).when().get("/projects").then().statusCode(200).body("total", equalTo(0));
        RestApi.as(Roles.LEAD_UNIT, OTHER).queryParam("leadUnit", OWN).when().get("/projects").then().statusCode(403);
        RestApi.as(Roles.LEAD_UNIT, OWN).when().get("/projects").then().statusCode(200).body("total", equalTo(4));
    }

    @Test
    void theAllowedRoleSucceedsOnEveryEndpoint() {
        for (Endpoint e : endpoints()) {
            Response response = call(RestApi.as(e.allowedRole(), e.allowedUnit()), e);
            assertThat(response.statusCode()).as(e.method() + " " + e.path() + " as " + e.allowedRole()).isBetween(200, 201);
        }
    }

    @Test
    void forgedExpiredAndForeignTokensAreRefused() {
        for (String token : List.of(Tokens.badSignature(Roles.PLANNER), Tokens.expired(Roles.PLANNER),
                Tokens.wrongIssuer(Roles.PLANNER), Tokens.wrongAudience(Roles.PLANNER), "not-a-jwt")) {
            RestApi.anonymous().auth().oauth2(token).when().get("/funding-totals").then().statusCode(401);
        }
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        RestApi.anonymous().when().get("/q/health/ready").then().statusCode(200);
        RestApi.anonymous().accept("*/*").when().get("/q/metrics").then().statusCode(200);
        RestApi.anonymous().accept("*/*").when().get("/q/openapi").then().statusCode(200);
    }

    private static Response call(RequestSpecification spec, Endpoint e) {
        spec = spec.accept("*/*");
        if (e.body() != null) {
            if (e.body() instanceof byte[] bytes) {
                // As bytes: the Object overload would try to marshal the array (the xlsx type even reads as XML).
                spec = spec.contentType(SpreadsheetReader.XLSX).body(bytes);
            } else {
                if (e.path().equals("/responsibility-table")) {
                    spec = spec.contentType("text/csv; charset=UTF-8");
                }
                spec = spec.body(e.body());
            }
        }
        String path = e.path().replace("{request}", String.valueOf(requestId));
        return spec.when().request(e.method(), path);
    }
}
