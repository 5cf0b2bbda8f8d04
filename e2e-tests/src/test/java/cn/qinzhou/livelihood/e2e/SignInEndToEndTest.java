package cn.qinzhou.livelihood.e2e;

import cn.qinzhou.livelihood.testsupport.LocalKeycloak;
import cn.qinzhou.livelihood.testsupport.ServiceStack;
import cn.qinzhou.livelihood.testsupport.Tokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * People sign in at the real Keycloak's login page with Chromium, and machine clients with the provider's tokens:
 * one sign-in serves every service's pages, a unit sees only its own unit, a session is refreshed while the
 * provider's lasts and sent to the login once it ends, signing out ends it everywhere, a rotated signing key is
 * followed, and an integration signs in by client credentials.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignInEndToEndTest {

    static final String UNIT = "qz-sign-a";
    static final String OTHER_UNIT = "qz-sign-b";
    static ServiceStack stack;
    static ConsoleBrowser browser;

    @BeforeAll
    static void startTheStackAndTheBrowser() {
        stack = EndToEndStacks.startingAt(SignInEndToEndTest.class, "2024-10-03T10:00:00+08:00");
        stack.start(EndToEndStacks.READY_WITHIN);
        browser = new ConsoleBrowser(EndToEndStacks.root());
        as("project-service", "planner", null).body(Map.of("id", UNIT, "name", "登录测试单位")).post("/lead-units")
                .then().statusCode(201);
        as("project-service", "planner", null).body(Map.of("id", OTHER_UNIT, "name", "另一登录测试单位")).post("/lead-units")
                .then().statusCode(201);
        as("project-service", "planner", null).body(Map.of("leadUnitId", UNIT)).put("/projects/P0601/lead-unit")
                .then().statusCode(200);
        as("project-service", "planner", null).body(Map.of("leadUnitId", OTHER_UNIT)).put("/projects/P0602/lead-unit")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                as("progress-service", "lead-unit", UNIT).get("/projects/P0601/reports").statusCode() == 200
                        && as("progress-service", "lead-unit", OTHER_UNIT).get("/projects/P0602/reports").statusCode() == 200);
    }

    @AfterAll
    static void stopEverything() {
        EndToEndStacks.stop(browser, stack);
    }

    @Test
    @Order(1)
    void aUnitSignsInOnceAtKeycloakAndEveryServicesPagesShowOnlyItsOwnUnit() {
        String username = EndToEndStacks.user("lead-unit", UNIT);
        browser.signOutEverywhere();
        browser.open(stack.url("progress-service") + "/console/unit.html");
        browser.awaitLoginPage();
        assertThat(browser.currentUrl()).startsWith(EndToEndStacks.keycloak().realmUrl());
        browser.screenshot("sign-in-keycloak-login");
        browser.logIn(username, EndToEndStacks.keycloak().userPassword());

        assertThat(browser.text("#signed-in-as")).contains("牵头单位").contains(UNIT);
        assertThat(browser.currentUrl()).startsWith(stack.url("progress-service") + "/console/unit.html");
        browser.text("#projects tr[data-project='P0601']");
        assertThat(browser.all("#projects tbody tr")).extracting(row -> row.getAttribute("data-project"))
                .containsExactly("P0601");
        // The page's session reaches its own unit's objects only, as a token would.
        assertThat(browser.fetchStatus("/projects/P0601/reports")).isEqualTo(200);
        assertThat(browser.fetchStatus("/projects/P0602/reports")).isEqualTo(403);
        browser.screenshot("sign-in-unit-page");

        // Single sign-on: the other services' pages open without a second login, as the same unit.
        browser.open(stack.url("notification-service") + "/console/alerts.html");
        assertThat(browser.text("#signed-in-as")).contains(UNIT);
        assertThat(browser.onLoginPage()).isFalse();
        browser.open(stack.url("project-service") + "/console/funding.html");
        assertThat(browser.text("#signed-in-as")).contains(UNIT);
    }

    @Test
    @Order(2)
    void anExpiredSessionIsRefreshedWhileKeycloaksLastsAndSentToTheLoginOnceItEnds() throws InterruptedException {
        LocalKeycloak keycloak = EndToEndStacks.keycloak();
        keycloak.accessTokenLifespan(Duration.ofSeconds(10));
        try {
            browser.signIn(stack.url("progress-service") + "/console/reporting.html?period=2024-09", "supervisor", null);
            Thread.sleep(15_000);
            // The tokens in the session have expired: the service refreshes them with the refresh token.
            assertThat(browser.fetchStatus("/reporting-status?period=2024-09")).isEqualTo(200);
            browser.reload();
            assertThat(browser.text("#signed-in-as")).contains("督查室");

            // An administrator ends the person's sessions at Keycloak: no refresh is possible any more.
            keycloak.endSessions(EndToEndStacks.user("supervisor", null));
            Thread.sleep(12_000);
            // The page's call is told the session has ended (it reloads itself then), and a reload goes to the login.
            assertThat(browser.fetchStatus("/reporting-status?period=2024-09")).isIn(401, 499);
            browser.reload();
            browser.awaitLoginPage();
            browser.screenshot("sign-in-session-ended");
        } finally {
            keycloak.accessTokenLifespan(Duration.ofMinutes(5));
        }
    }

    @Test
    @Order(3)
    void signingOutEndsTheSessionAtKeycloakAndOnEveryServicesPages() {
        String username = EndToEndStacks.user("planner", null);
        browser.signIn(stack.url("progress-service") + "/console/funding.html?period=2024-09", "planner", null);
        browser.open(stack.url("project-service") + "/console/funding.html");
        assertThat(browser.text("#signed-in-as")).contains("市发展改革委");
        browser.open(stack.url("progress-service") + "/console/funding.html?period=2024-09");
        assertThat(browser.text("#signed-in-as")).contains("市发展改革委");
        // The browser's one session at Keycloak, beside those of the tests' own password-grant tokens.
        int sessions = EndToEndStacks.keycloak().sessionCount(username);

        browser.click("#sign-out");
        assertThat(browser.text("#signed-out")).contains("您已退出登录");
        browser.screenshot("sign-in-signed-out");
        assertThat(EndToEndStacks.keycloak().sessionCount(username)).isEqualTo(sessions - 1);
        // project-service's own session was ended by Keycloak's back-channel logout: its page asks for a login.
        browser.open(stack.url("project-service") + "/console/funding.html");
        browser.awaitLoginPage();
    }

    @Test
    @Order(4)
    void theApiFollowsARotatedSigningKeyAcceptsIntegrationsAndAnswers401NeverALoginPage() {
        LocalKeycloak keycloak = EndToEndStacks.keycloak();
        String before = keycloak.activeSigningKeyId();
        keycloak.rotateSigningKey();
        String token = EndToEndStacks.token("planner", null);
        assertThat(keyIdOf(token)).isEqualTo(keycloak.activeSigningKeyId()).isNotEqualTo(before);
        for (String service : ServiceStack.SERVICES) {
            RestAssured.given().baseUri(stack.url(service)).auth().oauth2(token).accept(ContentType.JSON)
                    .get("/reporting-calendar").then().statusCode(200);
        }

        // An integration's service account (role dashboard) by client credentials: totals yes, registration no.
        String integration = keycloak.integrationToken();
        RestAssured.given().baseUri(stack.url("project-service")).auth().oauth2(integration).accept(ContentType.JSON)
                .get("/funding-totals?groupBy=programme").then().statusCode(200);
        RestAssured.given().baseUri(stack.url("project-service")).auth().oauth2(integration).contentType(ContentType.JSON)
                .body(Map.of("id", "qz-integration", "name", "集成")).post("/lead-units").then().statusCode(403);

        // A client without a token, or with one the provider did not sign, is refused, never sent to a login page.
        RestAssured.given().baseUri(stack.url("project-service")).redirects().follow(false).accept(ContentType.JSON)
                .get("/projects").then().statusCode(401);
        RestAssured.given().baseUri(stack.url("project-service")).auth().oauth2(Tokens.forRole("planner", null))
                .redirects().follow(false).accept(ContentType.JSON).get("/projects").then().statusCode(401);
    }

    private static String keyIdOf(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
        return header.replaceAll(".*\"kid\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    private static RequestSpecification as(String service, String role, String unit) {
        return RestAssured.given().baseUri(stack.url(service)).contentType(ContentType.JSON).accept(ContentType.JSON)
                .auth().oauth2(EndToEndStacks.token(role, unit)).log().ifValidationFails().when();
    }
}
