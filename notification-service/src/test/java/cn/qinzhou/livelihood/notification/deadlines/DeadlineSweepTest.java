package cn.qinzhou.livelihood.notification.deadlines;

import cn.qinzhou.livelihood.notification.Events;
import cn.qinzhou.livelihood.notification.alerting.Alert;
import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/**
 * The deadline of period 2024-09 is 2024-10-05 23:59:59.999999 in Shanghai = 2024-10-05T15:59:59.999999Z.
 * Each test uses projects and units of its own.
 */
@QuarkusTest
class DeadlineSweepTest {

    static final Instant DUE_SEPTEMBER = Instant.parse("2024-10-05T15:59:59.999999Z");

    @Inject
    MovableClock clock;

    @Inject
    DeadlineSweep sweep;

    @AfterEach
    void systemClock() {
        clock.followSystemClock();
    }

    @Test
    void remindersGoOnlyToUnitsWithReportsMissingAndOnlyOnce() {
        Events.project("REM-A1", "rem-a", "ACTIVE", "1000");
        Events.project("REM-A2", "rem-a", "ACTIVE", "1000");
        Events.project("REM-B1", "rem-b", "ACTIVE", "1000");
        Events.report("REM-A1", "rem-a", "2024-09", 1, Instant.parse("2024-10-02T01:00:00Z"), "70", "700", "1000");
        Events.report("REM-B1", "rem-b", "2024-09", 1, Instant.parse("2024-10-02T01:00:00Z"), "70", "700", "1000");
        Events.awaitReport("REM-A1", "2024-09", 1);
        Events.awaitReport("REM-B1", "2024-09", 1);
        Events.awaitTracked("REM-A2");

        clock.moveTo(DUE_SEPTEMBER.minus(Duration.ofDays(1)));
        sweep.run();
        sweep.run();

        List<Map<String, Object>> reminders = Events.alertsOf("rem-a", Alert.Rule.REMINDER);
        assertThat(reminders).hasSize(1);
        assertThat(reminders.get(0)).containsEntry("period", "2024-09")
                .containsEntry("details", Map.of("dueAt", "2024-10-05", "missingProjects", List.of("REM-A2")))
                .containsEntry("severity", "INFO");
        assertThat(Events.alertsOf("rem-b", Alert.Rule.REMINDER)).isEmpty();
    }

    @Test
    void theCatchUpAtStartRaisesWhatCameDueWithoutHoldingUpTheStart() {
        Events.project("START-1", "start-unit", "ACTIVE", "1000");
        Events.awaitTracked("START-1");
        clock.moveTo(DUE_SEPTEMBER.plusSeconds(1));

        // A sweep still running (this thread holds the sweep's lock) keeps the catch-up waiting: the start goes on.
        DeadlineSweep instance = ClientProxy.unwrap(sweep);
        synchronized (instance) {
            instance.catchUp(null);
            assertThat(Events.alertsOf("START-1", Alert.Rule.OVERDUE)).isEmpty();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Events.alertsOf("START-1", Alert.Rule.OVERDUE))
                .extracting(a -> a.get("period")).contains("2024-09"));
    }

    @Test
    void overdueIsRaisedAtTheDeadlineEscalatedAfterFiveWorkingDaysAndResolvedByALateReport() {
        Events.project("OVD-1", "ovd-unit", "ACTIVE", "1000");
        Events.awaitTracked("OVD-1");

        clock.moveTo(DUE_SEPTEMBER);
        sweep.run();
        assertThat(Events.alertsOf("OVD-1", Alert.Rule.OVERDUE)).filteredOn(a -> "2024-09".equals(a.get("period"))).isEmpty();

        clock.moveTo(DUE_SEPTEMBER.plusNanos(1_000));
        sweep.run();
        sweep.run();
        List<Map<String, Object>> overdue = Events.alertsOf("OVD-1", Alert.Rule.OVERDUE).stream()
                .filter(a -> "2024-09".equals(a.get("period"))).toList();
        assertThat(overdue).hasSize(1);
        assertThat(overdue.get(0)).containsEntry("severity", "YELLOW").containsEntry("state", "OPEN");
        int id = (Integer) overdue.get(0).get("id");

        // Five whole working days after Saturday 5 October: Monday 7 to Friday 11 (2024 follows the week alone here).
        clock.moveTo(DUE_SEPTEMBER.plus(Duration.ofDays(6)));
        sweep.run();
        RestApi.as(Roles.SUPERVISOR, null).when().get("/alerts/" + id).then().statusCode(200).body("severity", equalTo("YELLOW"));
        clock.moveTo(DUE_SEPTEMBER.plus(Duration.ofDays(6)).plusSeconds(1));
        sweep.run();
        RestApi.as(Roles.SUPERVISOR, null).when().get("/alerts/" + id).then().statusCode(200).body("severity", equalTo("RED"));

        Events.report("OVD-1", "ovd-unit", "2024-09", 1, DUE_SEPTEMBER.plus(Duration.ofDays(7)), "50", "500", "1000");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                RestApi.as(Roles.SUPERVISOR, null).when().get("/alerts/" + id).then().body("state", equalTo("RESOLVED")));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/alerts/" + id).then()
                .body("history.change", contains("RAISED", "ESCALATED", "RESOLVED"))
                .body("history[2].actor", equalTo("system"));

        // The sweep writes its events set-based in SQL: they must look exactly like any other alert event.
        List<TopicProbe.Seen> events = TopicProbe.await(Topics.ALERT_EVENTS, s -> "OVD-1".equals(s.key())
                && "OVERDUE".equals(s.value().path("payload").path("rule").asText())
                && "2024-09".equals(s.value().path("payload").path("period").asText()), 3, Duration.ofSeconds(30));
        assertThat(events).extracting(s -> s.value().path("type").asText())
                .containsExactly("AlertRaised", "AlertEscalated", "AlertResolved");
        assertThat(events).allSatisfy(s -> {
            assertThat(s.headers()).containsEntry("event-id", s.value().path("eventId").asText())
                    .containsEntry("event-type", s.value().path("type").asText());
            assertThat(s.value().path("aggregateId").asText()).isEqualTo("OVD-1");
            assertThat(s.value().path("payload").path("id").asInt()).isEqualTo(id);
            assertThat(s.value().path("payload").path("period").asText()).isEqualTo("2024-09");
            assertThat(Instant.parse(s.value().path("occurredAt").asText())).isNotNull();
        });
        assertThat(events.get(0).value().path("payload").path("severity").asText()).isEqualTo("YELLOW");
        assertThat(Instant.parse(events.get(0).value().path("payload").path("raisedAt").asText()))
                .isEqualTo(DUE_SEPTEMBER.plusNanos(1_000));
        assertThat(events.get(1).value().path("payload").path("severity").asText()).isEqualTo("RED");
        assertThat(events.get(2).value().path("payload").path("state").asText()).isEqualTo("RESOLVED");
    }

    @Test
    void anOpenOverdueAlertFollowsItsProjectToANewLeadUnitAndAResolvedOneStays() {
        Events.project("MOVE-1", "move-old", "ACTIVE", "1000", "ProjectFundingChanged", Instant.now().minusSeconds(60));
        Events.awaitTracked("MOVE-1");
        clock.moveTo(DUE_SEPTEMBER.plusSeconds(1));
        sweep.run();
        Map<String, Object> september = Events.alertsOf("MOVE-1", Alert.Rule.OVERDUE).stream()
                .filter(a -> "2024-09".equals(a.get("period"))).findFirst().orElseThrow();
        assertThat(september).containsEntry("leadUnitId", "move-old");
        int id = (Integer) september.get("id");
        RestApi.as(Roles.SUPERVISOR, null).body(Map.of("note", "已催报")).post("/alerts/" + id + "/acknowledgement").then().statusCode(200);
        int august = (Integer) Events.alertsOf("MOVE-1", Alert.Rule.OVERDUE).stream()
                .filter(a -> "2024-08".equals(a.get("period"))).findFirst().orElseThrow().get("id");
        RestApi.as(Roles.SUPERVISOR, null).body(Map.of("note", "八月已补报")).post("/alerts/" + august + "/resolution").then().statusCode(200);

        Events.project("MOVE-1", "move-new", "ACTIVE", "1000", "ProjectLeadUnitAssigned", Instant.now());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                RestApi.as(Roles.SUPERVISOR, null).get("/alerts/" + id).then().body("leadUnitId", equalTo("move-new")));
        RestApi.as(Roles.SUPERVISOR, null).get("/alerts/" + id).then()
                .body("state", equalTo("ACKNOWLEDGED"))
                .body("history.change", contains("RAISED", "ACKNOWLEDGED", "REASSIGNED"));
        RestApi.as(Roles.SUPERVISOR, null).get("/alerts/" + august).then().body("state", equalTo("RESOLVED")).body("leadUnitId", equalTo("move-old"));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("leadUnit", "move-new").queryParam("rule", "OVERDUE").get("/alerts").then()
                .body("items.id", org.hamcrest.Matchers.hasItem(id));
        TopicProbe.await(Topics.ALERT_EVENTS, e -> "MOVE-1".equals(e.key()) && "AlertReassigned".equals(e.value().path("type").asText())
                && "move-new".equals(e.value().path("payload").path("leadUnitId").asText()), 1, Duration.ofSeconds(30));
    }

    @Test
    void aReportReceivedInTimeButReadAfterTheDeadlineLeavesNoOverdueOpen() {
        Events.project("LATE-READ", "lr-unit", "ACTIVE", "1000");
        Events.awaitTracked("LATE-READ");
        clock.moveTo(DUE_SEPTEMBER.plusSeconds(60));
        sweep.run();
        assertThat(Events.alertsOf("LATE-READ", Alert.Rule.OVERDUE)).filteredOn(a -> "2024-09".equals(a.get("period")))
                .hasSize(1);

        // Received at 23:00 on the 5th in Shanghai, its event read only now.
        Events.report("LATE-READ", "lr-unit", "2024-09", 1, Instant.parse("2024-10-05T15:00:00Z"), "80", "800", "1000");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Events.alertsOf("LATE-READ", Alert.Rule.OVERDUE))
                .filteredOn(a -> "2024-09".equals(a.get("period")))
                .allSatisfy(a -> assertThat(a.get("state")).isEqualTo("RESOLVED")));

        // And a report already known to be in time never raises one.
        Events.project("EARLY", "lr-unit", "ACTIVE", "1000");
        Events.report("EARLY", "lr-unit", "2024-09", 1, Instant.parse("2024-10-05T15:59:59Z"), "80", "800", "1000");
        Events.awaitReport("EARLY", "2024-09", 1);
        sweep.run();
        assertThat(Events.alertsOf("EARLY", Alert.Rule.OVERDUE)).filteredOn(a -> "2024-09".equals(a.get("period"))).isEmpty();
    }

    @Test
    void aUnitLateOrMissingInTwoOfItsLastThreePeriodsIsFlaggedOnce() {
        Events.project("RPT-1", "rpt-unit", "ACTIVE", "1000");
        Events.report("RPT-1", "rpt-unit", "2024-08", 1, Instant.parse("2024-09-10T01:00:00Z"), "10", "100", "1000");
        Events.awaitReport("RPT-1", "2024-08", 1);
        clock.moveTo(Instant.parse("2024-10-06T00:00:00Z"));
        sweep.run();
        sweep.run();
        List<Map<String, Object>> flagged = Events.alertsOf("rpt-unit", Alert.Rule.REPEAT_LATE);
        assertThat(flagged).hasSize(1);
        assertThat(flagged.get(0)).containsEntry("period", "2024-09").containsEntry("subjectType", "LEAD_UNIT");
        assertThat(flagged.get(0).get("details")).asString().contains("latePeriods=[2024-08, 2024-09]");
    }

    @Test
    void aLateReportJudgesItsOwnUnitOnTheWindowEndingAtItsPeriodAndNoOtherUnit() {
        Events.project("RLR-1", "rlr-unit", "ACTIVE", "1000");
        Events.project("RLQ-1", "rlq-unit", "ACTIVE", "1000");
        Events.awaitTracked("RLR-1");
        Events.awaitTracked("RLQ-1");
        // August's and September's deadlines have passed; no sweep has run since. Both units have nothing in.
        clock.moveTo(DUE_SEPTEMBER.plus(Duration.ofDays(3)));

        // September's report, received two days late: with August missing, two of the unit's periods are bad.
        Events.report("RLR-1", "rlr-unit", "2024-09", 1, DUE_SEPTEMBER.plus(Duration.ofDays(2)), "40", "400", "1000");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Events.alertsOf("rlr-unit", Alert.Rule.REPEAT_LATE))
                .singleElement().satisfies(a -> assertThat(a).containsEntry("period", "2024-09")));
        // The other unit, as bad, is the sweep's to judge, not a verdict another unit's report brings.
        assertThat(Events.alertsOf("rlq-unit", Alert.Rule.REPEAT_LATE)).isEmpty();
        // A second late report of the unit finds the verdict already given: still one.
        Events.project("RLR-2", "rlr-unit", "ACTIVE", "1000");
        Events.awaitTracked("RLR-2");
        Events.report("RLR-2", "rlr-unit", "2024-09", 1, DUE_SEPTEMBER.plus(Duration.ofDays(2)), "40", "400", "1000");
        Events.awaitReport("RLR-2", "2024-09", 1);
        assertThat(Events.alertsOf("rlr-unit", Alert.Rule.REPEAT_LATE)).hasSize(1);

        sweep.run();
        assertThat(Events.alertsOf("rlq-unit", Alert.Rule.REPEAT_LATE)).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("period", "2024-09"));
        assertThat(Events.alertsOf("rlr-unit", Alert.Rule.REPEAT_LATE)).hasSize(1);
    }

    @Test
    void aRunAfterDowntimeCatchesUpOnEveryMissedDeadlineAndARepeatedRunChangesNothing() {
        Events.project("CATCH-1", "catch-unit", "ACTIVE", "1000");
        Events.report("CATCH-1", "catch-unit", "2024-08", 1, Instant.parse("2024-09-03T01:00:00Z"), "10", "100", "1000");
        Events.awaitReport("CATCH-1", "2024-08", 1);

        // No run between the September and the October deadline: the first run afterwards does all of it.
        clock.moveTo(Instant.parse("2024-11-06T00:00:00Z"));
        sweep.run();
        assertThat(sweep.run()).isEqualTo(new DeadlineSweep.Result(0, 0, 0, 0, 0));

        Map<String, Object> byPeriod = new java.util.TreeMap<>();
        Events.alertsOf("CATCH-1", Alert.Rule.OVERDUE).forEach(a -> byPeriod.put((String) a.get("period"), a.get("severity")));
        // September is more than 5 working days overdue (RED), October not yet (YELLOW); August was reported in time.
        assertThat(byPeriod).containsExactly(Map.entry("2024-09", "RED"), Map.entry("2024-10", "YELLOW"));
        assertThat(Events.alertsOf("catch-unit", Alert.Rule.REPEAT_LATE)).singleElement().satisfies(a -> {
            assertThat(a).containsEntry("period", "2024-10").containsEntry("state", "OPEN");
            assertThat(a.get("details")).asString().contains("latePeriods=[2024-09, 2024-10]");
        });
    }
}
