package cn.qinzhou.livelihood.progress.ratelimit;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.RelayDrivenAndSmallWriteLimit;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.quarkus.test.junit.QuarkusTest;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lead unit sending writes faster than its allowance gets 429 problem+json with Retry-After, and the refused
 * write leaves nothing behind; another unit's writes go on meanwhile, and the first unit may write again after
 * the time it was told. Runs on the profile with a small limit (1 write a second, bursts of 3).
 */
@QuarkusTest
@TestProfile(RelayDrivenAndSmallWriteLimit.class)
@Order(Integer.MAX_VALUE) // after the classes of the default profile: one restart, not two
class WriteRateLimitTest {

    private static final String FLOODING = "rl-flood";
    private static final String QUIET = "rl-quiet";

    @Inject
    DataSource db;

    @Test
    void aFloodingUnitIsRefusedWith429AndRetryAfterWhileAnotherUnitWrites() throws Exception {
        List<String> floodProjects = List.of("RL-A1", "RL-A2", "RL-A3");
        for (String project : floodProjects) {
            ProjectEvents.publishKnown(project, FLOODING, 2, "ACTIVE", "100000");
        }
        ProjectEvents.publishKnown("RL-B", QUIET, 2, "ACTIVE", "100000");

        // Fifteen first reports in a row (three projects, the five reporting months), until one is refused.
        List<String> accepted = new ArrayList<>();
        Response refused = null;
        String refusedReport = null;
        for (int i = 0; i < 15 && refused == null; i++) {
            String report = "/projects/" + floodProjects.get(i % 3) + "/reports/2024-%02d".formatted(8 + i / 3);
            Response answer = put(FLOODING, report);
            if (answer.statusCode() == 201) {
                accepted.add(report);
            } else {
                refused = answer;
                refusedReport = report;
            }
        }
        assertThat(refused).as("fifteen writes in a row from one unit meet the limit").isNotNull();
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(429);
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(3);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 2L);
        assertThat(refused.jsonPath().getInt("status")).isEqualTo(429);
        // The refusal is held back (half to all of 1 s by default), so a client ignoring Retry-After cannot spin on it.
        assertThat(refused.time()).as("ms until the refusal arrived").isGreaterThanOrEqualTo(490);
        assertThat(refused.jsonPath().getString("title")).isEqualTo("Too Many Requests");
        assertThat(refused.jsonPath().getString("detail"))
                .contains("lead unit " + FLOODING).contains("1 writes per second").contains("bursts of 3")
                .contains("retry after " + retryAfter + " s");

        // The other unit is not held back by the first one's flood, and reads are never limited.
        assertThat(put(QUIET, "/projects/RL-B/reports/2024-08").statusCode()).isEqualTo(201);
        RestApi.as(Roles.LEAD_UNIT, FLOODING).when().get("/projects/RL-A1/reports").then().statusCode(200);

        // Nothing of the refused write: no report, no event waiting in the outbox.
        RestApi.as(Roles.SUPERVISOR, null).when().get(refusedReport).then().statusCode(404);
        assertThat(outboxRows(floodProjects)).isEqualTo(accepted.size());

        Thread.sleep(retryAfter * 1000 + 100);
        assertThat(put(FLOODING, refusedReport).statusCode()).isEqualTo(201);
        RestApi.as(Roles.SUPERVISOR, null).when().get(refusedReport).then().statusCode(200);
    }

    private static Response put(String unit, String report) {
        return RestApi.as(Roles.LEAD_UNIT, unit).body(Reports.body("20", "1000")).when().put(report);
    }

    private long outboxRows(List<String> projects) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "select count(*) from outbox_event where record_key = any (?)")) {
            s.setArray(1, c.createArrayOf("text", projects.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
