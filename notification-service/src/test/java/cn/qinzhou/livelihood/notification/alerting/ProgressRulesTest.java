package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.notification.Events;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At the end of September 2024 (a leap year) 274 of 366 days are gone: 时序进度 = 74.86...%. With an annual
 * plan of 36,600 yuan, completion is completed / 366 percent, so being exactly N points behind means
 * completed = 27,400 - 366 * N.
 */
@QuarkusTest
class ProgressRulesTest {

    static final Instant RECEIVED = Instant.parse("2024-10-02T01:00:00Z");

    @Test
    void trafficLightsAtTheirExactBoundaries() {
        Map<String, String> completedByProject = Map.of(
                "SLOW-10.00", "23740", "SLOW-9.99", "23743.66", "SLOW-30.00", "16420", "SLOW-29.99", "16423.66");
        completedByProject.forEach((id, completed) -> {
            Events.project(id, "slow-unit", "ACTIVE", "36600");
            Events.report(id, "slow-unit", "2024-09", 1, RECEIVED, "50", completed, "36600");
        });
        completedByProject.keySet().forEach(id -> Events.awaitReport(id, "2024-09", 1));
        assertThat(severity("SLOW-10.00")).isEqualTo("YELLOW");
        assertThat(severity("SLOW-9.99")).isNull();
        assertThat(severity("SLOW-30.00")).isEqualTo("RED");
        assertThat(severity("SLOW-29.99")).isEqualTo("YELLOW");
    }

    @Test
    void withoutAPlanAmountThePhysicalProgressCounts() {
        Events.project("SLOW-PCT", "slow-unit", "ACTIVE", null);
        // 74.86 - 44.86 = 30.00... points behind: RED
        Events.report("SLOW-PCT", "slow-unit", "2024-09", 1, RECEIVED, "44.86", "0", null);
        Events.awaitReport("SLOW-PCT", "2024-09", 1);
        assertThat(severity("SLOW-PCT")).isEqualTo("RED");
    }

    @Test
    void greenClearsTheAlertAndAnApprovedAdjustmentChangesTheVerdict() {
        Events.project("SLOW-GREEN", "slow-unit", "ACTIVE", "36600");
        Events.report("SLOW-GREEN", "slow-unit", "2024-09", 1, RECEIVED, "50", "16420", "36600");
        Events.awaitReport("SLOW-GREEN", "2024-09", 1);
        assertThat(severity("SLOW-GREEN")).isEqualTo("RED");
        // The plan is cut to 20,000: 16,420 is now 82.1% done, ahead of the calendar.
        Events.project("SLOW-GREEN", "slow-unit", "ADJUSTED", "20000", "AdjustmentApproved", Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> severity("SLOW-GREEN") == null);
        List<Map<String, Object>> resolved = Events.alertsOf("SLOW-GREEN", Alert.Rule.SLOW_PROGRESS);
        assertThat(resolved).singleElement().satisfies(a -> assertThat(a.get("state")).isEqualTo("RESOLVED"));
    }

    @Test
    void noChangeForTwoConsecutivePeriodsIsStalled() {
        Events.project("STALL-1", "stall-unit", "ACTIVE", "1000");
        for (String period : List.of("2024-08", "2024-09", "2024-10")) {
            Events.report("STALL-1", "stall-unit", period, 1, RECEIVED, "40", "400", "1000");
        }
        Events.awaitReport("STALL-1", "2024-10", 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> !Events.alertsOf("STALL-1", Alert.Rule.STALLED).isEmpty());
        assertThat(Events.alertsOf("STALL-1", Alert.Rule.STALLED)).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("period", "2024-10").containsEntry("state", "OPEN"));
        Events.report("STALL-1", "stall-unit", "2024-11", 1, RECEIVED, "55", "600", "1000");
        await().atMost(Duration.ofSeconds(30)).until(() -> Events.alertsOf("STALL-1", Alert.Rule.STALLED).stream()
                .allMatch(a -> "RESOLVED".equals(a.get("state"))));
    }

    @Test
    void replayedEventsRaiseNothingTwice() {
        Events.project("REPLAY-1", "replay-unit", "ACTIVE", "36600");
        String report = Events.report("REPLAY-1", "replay-unit", "2024-09", 1, RECEIVED, "10", "1000", "36600");
        Events.send("REPLAY-1", report);
        Events.send("REPLAY-1", report);
        Events.report("REPLAY-1", "replay-unit", "2024-09", 1, RECEIVED, "10", "1000", "36600");
        // Same key, same partition: once this marker is applied, so is everything sent before it.
        Events.report("REPLAY-1", "replay-unit", "2024-08", 1, RECEIVED, "5", "500", "36600");
        Events.awaitReport("REPLAY-1", "2024-08", 1);
        List<Map<String, Object>> alerts = Events.alertsOf("REPLAY-1", Alert.Rule.SLOW_PROGRESS);
        assertThat(alerts).hasSize(1);
        RestApi.as(Roles.SUPERVISOR, null).when().get("/alerts/" + alerts.get(0).get("id")).then().statusCode(200)
                .body("history.size()", org.hamcrest.Matchers.equalTo(1));
    }

    /** The severity of the project's open SLOW_PROGRESS alert for 2024-09, or null when none is open. */
    private static String severity(String projectId) {
        return Events.alertsOf(projectId, Alert.Rule.SLOW_PROGRESS).stream()
                .filter(a -> !"RESOLVED".equals(a.get("state")))
                .map(a -> (String) a.get("severity")).findFirst().orElse(null);
    }
}
