package cn.qinzhou.livelihood.progress.security;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.Tokens;
import cn.qinzhou.livelihood.platform.security.VerifiedTokenCache;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A bearer token verified once is remembered (platform security.VerifiedTokenCache), but never beyond its expiry,
 * never for another token text, and a refused token is refused every time.
 */
@QuarkusTest
class VerifiedTokenCacheTest {

    @Inject
    VerifiedTokenCache cache;

    @Test
    void aVerifiedTokenIsRememberedAndARefusedOneIsNot() {
        int before = cache.size();
        signedIn(Tokens.freshForRole(Roles.DASHBOARD, null)).statusCode(200);
        signedIn(Tokens.badSignature(Roles.DASHBOARD)).statusCode(401);
        assertThat(cache.size()).isEqualTo(before + 1);
    }

    @Test
    void aTokenVerifiedOnceIsHonouredAgainUntilItExpiresAndRefusedAfter() throws InterruptedException {
        // The service's first requests can be slow on a busy machine: not on the short-lived token's time.
        signedIn(Tokens.forRole(Roles.DASHBOARD, null)).statusCode(200);
        Instant expiry = Instant.now().plusSeconds(8);
        String token = Tokens.forRoleExpiringIn(Roles.DASHBOARD, null, Duration.ofSeconds(8));

        signedIn(token).statusCode(200).body("period", equalTo("2024-08"));
        signedIn(token).statusCode(200).body("period", equalTo("2024-08"));

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 1_500);
        signedIn(token).statusCode(401);
    }

    @Test
    void aTokenDifferingFromARememberedOneInItsSignatureIsRefused() {
        String token = Tokens.forRole(Roles.DASHBOARD, null);
        signedIn(token).statusCode(200);

        // Not the last character: its low bits are padding, and a change there may decode to the same signature.
        int at = token.length() - 10;
        String tampered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        signedIn(tampered).statusCode(401);
        signedIn(token).statusCode(200);
    }

    @Test
    void aRefusedTokenIsRefusedEveryTime() {
        String foreign = Tokens.wrongAudience(Roles.DASHBOARD);
        signedIn(foreign).statusCode(401);
        signedIn(foreign).statusCode(401);
    }

    @Test
    void aTokenIsHonouredOnlyForTheRoleItCarries() {
        String token = Tokens.forRole(Roles.DASHBOARD, null);
        given().header("Authorization", "Bearer " + token).get("/reporting-status?period=2024-08").then().statusCode(200);
        given().header("Authorization", "Bearer " + token).get("/projects/ACL-1/reports").then().statusCode(403);
    }

    /** A dashboard's read: the reporting status of a month. */
    private static io.restassured.response.ValidatableResponse signedIn(String token) {
        return given().header("Authorization", "Bearer " + token).get("/reporting-status?period=2024-08").then();
    }
}
