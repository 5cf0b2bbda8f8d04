package cn.qinzhou.livelihood.project.security;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;

/** The demo's clock control: operator only, and back to the system clock afterwards. */
@QuarkusTest
class ClockAdministrationTest {

    @Test
    void onlyTheOperatorMovesTheClockAndChangesAreStampedWithTheMovedTime() {
        RestApi.anonymous().body(Map.of("to", "2024-10-06T00:00:00+08:00")).when().put("/admin/clock").then().statusCode(401);
        RestApi.as(Roles.PLANNER, null).body(Map.of("to", "2024-10-06T00:00:00+08:00")).when().put("/admin/clock").then().statusCode(403);
        try {
            RestApi.as(Roles.OPERATOR, null).body(Map.of("to", "2024-10-06T00:00:00+08:00"))
                    .when().put("/admin/clock")
                    .then().statusCode(200)
                    .body("now", equalTo("2024-10-05T16:00:00Z"))
                    .body("moved", equalTo(true));
            RestApi.as(Roles.PLANNER, null).body(Map.of("totalInvestment", 5, "annualPlan", 5, "split", Map.of("central", 5, "regional", 0, "local", 0)))
                    .when().put("/projects/P0205/funding")
                    .then().statusCode(200)
                    .body("updatedAt", equalTo("2024-10-05T16:00:00Z"));
        } finally {
            RestApi.as(Roles.OPERATOR, null).when().delete("/admin/clock").then().statusCode(200).body("moved", equalTo(false));
        }
    }
}
