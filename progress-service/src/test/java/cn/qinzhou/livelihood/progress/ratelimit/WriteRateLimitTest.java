package cn.qinzhou.livelihood.progress.ratelimit;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lead unit sending writes faster than its allowance gets 429 problem+json with Retry-After, and the refused
 * write leaves nothing behind; another unit's writes go on meanwhile, and the first unit may write again after
 * the time it was told. Runs on its own profile with a small limit (1 write a second, bursts of 3).
 */
@QuarkusTest
@TestProfile(WriteRateLimitTest.SmallLimit.class)
@Order(100)
class WriteRateLimitTest {

    public static class SmallLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("livelihood.rate-limit.writes-per-second", "1", "livelihood.rate-limit.burst", "3");
        }
    }

    private static final String FLOODING = "rl-flood";
    private static final String QUIET = "rl-quiet";

    @Inject
    DataSource db;

    @Test
    void aFloodingUnitIsRefusedWith429AndRetryAfterWhileAnotherUnitWrites() throws Exception {
        ProjectEvents.publishKnown("RL-A", FLOODING, 2, "ACTIVE", "100000");
        ProjectEvents.publishKnown("RL-B", QUIET, 2, "ACTIVE", "100000");

        List<String> accepted = new ArrayList<>();
        Response refused = null;
        String refusedPeriod = null;
        for (int month = 1; month <= 12 && refused == null; month++) {
            String period = "2024-%02d".formatted(month);
            Response answer = put(FLOODING, "RL-A", period);
            if (answer.statusCode() == 201) {
                accepted.add(period);
            } else {
                refused = answer;
                refusedPeriod = period;
            }
        }
        assertThat(refused).as("twelve writes in a row from one unit meet the limit").isNotNull();
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(3);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 2L);
        assertThat(refused.jsonPath().getInt("status")).isEqualTo(429);
        assertThat(refused.jsonPath().getString("title")).isEqualTo("Too Many Requests");
        assertThat(refused.jsonPath().getString("detail"))
                .contains("lead unit " + FLOODING).contains("1 writes per second").contains("bursts of 3")
                .contains("retry after " + retryAfter + " s");

        // The other unit is not held back by the first one's flood, and reads are never limited.
        assertThat(put(QUIET, "RL-B", "2024-08").statusCode()).isEqualTo(201);
        RestApi.as(Roles.LEAD_UNIT, FLOODING).when().get("/projects/RL-A/reports").then().statusCode(200);

        // Nothing of the refused write: no report, no event waiting in the outbox.
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/RL-A/reports/" + refusedPeriod).then().statusCode(404);
        assertThat(outboxRows("RL-A")).isEqualTo(accepted.size());

        Thread.sleep(retryAfter * 1000 + 100);
        assertThat(put(FLOODING, "RL-A", refusedPeriod).statusCode()).isEqualTo(201);
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/RL-A/reports/" + refusedPeriod).then().statusCode(200);
    }

    private static Response put(String unit, String project, String period) {
        return RestApi.as(Roles.LEAD_UNIT, unit).body(Reports.body("20", "1000"))
                .when().put("/projects/" + project + "/reports/" + period);
    }

    private long outboxRows(String project) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "select count(*) from outbox_event where record_key = ?")) {
            s.setString(1, project);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
