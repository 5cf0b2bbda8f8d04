package cn.qinzhou.livelihood.notification.security;

import cn.qinzhou.livelihood.notification.Events;
import cn.qinzhou.livelihood.notification.alerting.Alert;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** For every endpoint: 401 without a token, 403 for a role that may not, 403 for another unit, success for the allowed. */
@QuarkusTest
class AccessControlTest {

    static final String OWN = "acl-own";
    static final String OTHER = "acl-other";

    /** @param body a valid body (so a refusal is the access rule's, not the body's) */
    record Endpoint(String method, String path, String allowedRole, String allowedUnit, String deniedRole, boolean owned,
                    String body) {
        Endpoint(String method, String path, String allowedRole, String allowedUnit, String deniedRole, boolean owned) {
            this(method, path, allowedRole, allowedUnit, deniedRole, owned, "{}");
        }
    }

    /** A valid answer; the date lies far enough ahead of any clock the tests set. */
    static final String ANSWER = "{\"explanation\": \"资金未到位\", \"measures\": \"已协调拨付\", \"expectedCompletion\": \"2099-12-31\"}";

    /** In the order the allowed calls are made on one alert: answered, its answer returned, acknowledged, resolved. */
    static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("GET", "/alerts", Roles.LEAD_UNIT, OWN, Roles.DASHBOARD, false),
                new Endpoint("GET", "/alerts/{id}", Roles.LEAD_UNIT, OWN, Roles.DASHBOARD, true),
                new Endpoint("POST", "/alerts/{id}/answer", Roles.LEAD_UNIT, OWN, Roles.SUPERVISOR, true, ANSWER),
                new Endpoint("POST", "/alerts/{id}/answer-return", Roles.SUPERVISOR, null, Roles.LEAD_UNIT, false,
                        "{\"comment\": \"请补充时间节点\"}"),
                new Endpoint("POST", "/alerts/{id}/answer-acceptance", Roles.SUPERVISOR, null, Roles.PLANNER, false),
                new Endpoint("POST", "/alerts/{id}/acknowledgement", Roles.SUPERVISOR, null, Roles.LEAD_UNIT, false),
                new Endpoint("POST", "/alerts/{id}/resolution", Roles.SUPERVISOR, null, Roles.PLANNER, false),
                // Delivery: the log of an alert as the alert, the failed ones for the office, subscriptions by unit (the
                // writes and another unit's subscription: DeliveryTest).
                new Endpoint("GET", "/alerts/{id}/deliveries", Roles.LEAD_UNIT, OWN, Roles.DASHBOARD, true),
                new Endpoint("GET", "/deliveries", Roles.SUPERVISOR, null, Roles.LEAD_UNIT, false),
                new Endpoint("GET", "/subscriptions", Roles.LEAD_UNIT, OWN, Roles.PLANNER, false));
    }

    /** An open alert of the own unit, raised afresh for each test: the allowed calls acknowledge and resolve it. */
    int alertId;

    @BeforeEach
    void anOpenAlertOfOwnUnit() {
        alertId = anOpenAlert();
    }

    private static int anOpenAlert() {
        String project = "ACL-" + UUID.randomUUID().toString().substring(0, 8);
        Events.project(project, OWN, "ACTIVE", "36600");
        Events.report(project, OWN, "2024-09", 1, Instant.parse("2024-10-02T01:00:00Z"), "10", "100", "36600");
        await().atMost(Duration.ofSeconds(30)).until(() -> !Events.alertsOf(project, Alert.Rule.SLOW_PROGRESS).isEmpty());
        return (Integer) Events.alertsOf(project, Alert.Rule.SLOW_PROGRESS).get(0).get("id");
    }

    @Test
    void everyEndpointRefusesACallerWithoutAToken() {
        for (Endpoint e : endpoints()) {
            assertThat(call(RestApi.anonymous(), e).statusCode()).as(e.method() + " " + e.path()).isEqualTo(401);
        }
        RestApi.anonymous().accept("text/event-stream").when().get("/alerts/stream").then().statusCode(401);
    }

    @Test
    void aRoleThatMayNotAndAnotherUnitAreRefusedAndNothingChanges() {
        for (Endpoint e : endpoints()) {
            Response denied = call(RestApi.as(e.deniedRole(), e.deniedRole().equals(Roles.LEAD_UNIT) ? OWN : null), e);
            assertThat(denied.statusCode()).as(e.method() + " " + e.path() + " as " + e.deniedRole()).isEqualTo(403);
            if (e.owned()) {
                assertThat(call(RestApi.as(Roles.LEAD_UNIT, OTHER), e).statusCode()).as(e.path() + " as another unit").isEqualTo(403);
            }
        }
        RestApi.as(Roles.SUPERVISOR, null).when().get("/alerts/" + alertId).then().body("state", equalTo("OPEN"));
        RestApi.as(Roles.LEAD_UNIT, OTHER).queryParam("leadUnit", OWN).when().get("/alerts").then().statusCode(403);
        RestApi.as(Roles.LEAD_UNIT, OTHER).when().get("/alerts").then().statusCode(200)
                .body("items.findAll { it.leadUnitId == 'acl-own' }.size()", equalTo(0));
    }

    @Test
    void theAllowedRoleSucceedsOnEveryEndpoint() {
        for (Endpoint e : endpoints()) {
            if (e.path().endsWith("/answer-acceptance")) {
                // Accepting resolves the alert, which the calls after it need open: on an answered alert of its own.
                int own = alertId;
                alertId = anOpenAlert();
                RestApi.as(Roles.LEAD_UNIT, OWN).body(ANSWER).when().post("/alerts/" + alertId + "/answer").then().statusCode(200);
                assertThat(call(RestApi.as(e.allowedRole(), e.allowedUnit()), e).statusCode()).as(e.path()).isEqualTo(200);
                alertId = own;
                continue;
            }
            assertThat(call(RestApi.as(e.allowedRole(), e.allowedUnit()), e).statusCode())
                    .as(e.method() + " " + e.path() + " as " + e.allowedRole()).isEqualTo(200);
        }
    }

    @Test
    void forgedExpiredAndForeignTokensAreRefused() {
        for (String token : List.of(Tokens.badSignature(Roles.SUPERVISOR), Tokens.expired(Roles.SUPERVISOR),
                Tokens.wrongIssuer(Roles.SUPERVISOR), Tokens.wrongAudience(Roles.SUPERVISOR))) {
            RestApi.anonymous().auth().oauth2(token).when().get("/alerts").then().statusCode(401);
        }
    }

    private Response call(RequestSpecification spec, Endpoint e) {
        if (e.method().equals("POST")) {
            spec = spec.contentType("application/json").body(e.body());
        }
        return spec.when().request(e.method(), e.path().replace("{id}", String.valueOf(alertId)));
    }
}
