package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.notification.Events;
import cn.qinzhou.livelihood.notification.deadlines.DeadlineSweep;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.SseClient;
import cn.qinzhou.livelihood.testsupport.Tokens;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/**
 * The 督办 loop: a lead unit answers its alert, the supervision office returns or accepts the answer, and a RED alert
 * left unanswered for five working days escalates to 约谈. Each test has projects and units of its own.
 */
@QuarkusTest
class AlertAnswerTest {

    static final Instant RECEIVED = Instant.parse("2024-10-02T01:00:00Z");

    @TestHTTPResource("/alerts/stream")
    URL stream;

    @Inject
    MovableClock clock;

    @Inject
    DeadlineSweep sweep;

    @AfterEach
    void systemClock() {
        clock.followSystemClock();
    }

    @Test
    void aUnitAnswersTheOfficeReturnsItTheUnitAnswersAgainAndTheOfficeAcceptsWithEveryStepKept() throws Exception {
        int id = aRedSlowProgressAlert("ANS-1", "ans-unit-a");
        LocalDate expected = today().plusMonths(1);

        JsonPath answered = RestApi.as(Roles.LEAD_UNIT, "ans-unit-a")
                .body(answer("汛期停工两周", "增加施工班组，每周报送进度", expected.toString()))
                .when().post("/alerts/" + id + "/answer").then().statusCode(200)
                .body("response", equalTo("ANSWERED")).body("state", equalTo("OPEN"))
                .body("answer.explanation", equalTo("汛期停工两周"))
                .body("answer.measures", equalTo("增加施工班组，每周报送进度"))
                .body("answer.expectedCompletion", equalTo(expected.toString()))
                .body("history.change", contains("RAISED", "ANSWERED"))
                .extract().jsonPath();
        assertThat(answered.getString("history[1].note")).contains("情况说明: 汛期停工两周", "预计完成: " + expected);
        assertThat(answered.getString("history[1].actor")).contains("ans-unit-a");
        // The unit sees it in its feed; another unit may not answer it, and one answer awaits review at a time.
        RestApi.as(Roles.LEAD_UNIT, "ans-unit-a").when().get("/alerts/" + id).then().statusCode(200)
                .body("answer.explanation", equalTo("汛期停工两周")).body("history.change", hasItem("ANSWERED"));
        RestApi.as(Roles.LEAD_UNIT, "ans-unit-b").body(answer("别人的", "别人的", expected.toString()))
                .when().post("/alerts/" + id + "/answer").then().statusCode(403).contentType("application/problem+json");
        RestApi.as(Roles.LEAD_UNIT, "ans-unit-a").body(answer("再说一次", "再做一次", expected.toString()))
                .when().post("/alerts/" + id + "/answer").then().statusCode(409).contentType("application/problem+json");
        RestApi.as(Roles.SUPERVISOR, null).body(answer("督查室", "督查室", expected.toString()))
                .when().post("/alerts/" + id + "/answer").then().statusCode(403);

        // Returned with a comment (required): the unit answers again.
        RestApi.as(Roles.SUPERVISOR, null).body(Map.of()).when().post("/alerts/" + id + "/answer-return")
                .then().statusCode(400).contentType("application/problem+json").body("violations.field", hasItem("comment"));
        RestApi.as(Roles.SUPERVISOR, null).body(Map.of("comment", "措施不具体，请列明时间节点"))
                .when().post("/alerts/" + id + "/answer-return").then().statusCode(200)
                .body("response", equalTo("RETURNED")).body("state", equalTo("OPEN"));
        RestApi.as(Roles.SUPERVISOR, null).body(Map.of()).when().post("/alerts/" + id + "/answer-acceptance")
                .then().statusCode(409).contentType("application/problem+json");
        RestApi.as(Roles.LEAD_UNIT, "ans-unit-a")
                .body(answer("汛期停工两周", "11月15日前增加两个施工班组，12月底完成", expected.toString()))
                .when().post("/alerts/" + id + "/answer").then().statusCode(200).body("response", equalTo("ANSWERED"));

        // Accepted: the alert resolves with the answer, the note in its history.
        RestApi.as(Roles.SUPERVISOR, null).body(Map.of("note", "同意，按期整改"))
                .when().post("/alerts/" + id + "/answer-acceptance").then().statusCode(200)
                .body("state", equalTo("RESOLVED")).body("response", equalTo("ACCEPTED"))
                .body("answer.measures", equalTo("11月15日前增加两个施工班组，12月底完成"))
                .body("history.change", contains("RAISED", "ANSWERED", "ANSWER_RETURNED", "ANSWERED", "RESOLVED"))
                .body("history[2].note", equalTo("措施不具体，请列明时间节点"))
                .body("history[2].actor", equalTo("supervisor"))
                .body("history[4].note", equalTo("采纳答复: 同意，按期整改"));
        RestApi.as(Roles.LEAD_UNIT, "ans-unit-a").body(answer("已解决还答", "无", expected.toString()))
                .when().post("/alerts/" + id + "/answer").then().statusCode(409).contentType("application/problem+json");
        RestApi.as(Roles.SUPERVISOR, null).queryParam("leadUnit", "ans-unit-a").when().get("/alerts").then().statusCode(200)
                .body("items[0].response", equalTo("ACCEPTED")).body("items[0].answer.explanation", equalTo("汛期停工两周"));

        // The topic: every step, the answer in the payload.
        List<TopicProbe.Seen> events = TopicProbe.await(Topics.ALERT_EVENTS, s -> "ANS-1".equals(s.key()), 5, Duration.ofSeconds(30));
        assertThat(events).extracting(s -> s.value().path("type").asText())
                .containsExactly("AlertRaised", "AlertAnswered", "AnswerReturned", "AlertAnswered", "AlertResolved");
        assertThat(events.get(1).value().path("payload").path("response").asText()).isEqualTo("ANSWERED");
        assertThat(events.get(1).value().path("payload").path("answer").path("explanation").asText()).isEqualTo("汛期停工两周");
        assertThat(events.get(1).value().path("payload").path("answer").path("expectedCompletion").asText()).isEqualTo(expected.toString());
        assertThat(events.get(2).value().path("payload").path("response").asText()).isEqualTo("RETURNED");
        assertThat(events.get(4).value().path("payload").path("response").asText()).isEqualTo("ACCEPTED");

        // The stream: the unit's own stream carries the answer as it stood.
        try (SseClient feed = SseClient.open(stream + "?after=0", Tokens.forRole(Roles.LEAD_UNIT, "ans-unit-a"), Map.of())) {
            SseClient.Event seen = feed.await(e -> e.data().contains("ANS-1") && e.name().equals("ANSWER_RETURNED"), Duration.ofSeconds(30));
            assertThat(seen.json().path("response").asText()).isEqualTo("RETURNED");
            assertThat(seen.json().path("answer").path("measures").asText()).isEqualTo("增加施工班组，每周报送进度");
        }
    }

    @Test
    void aBadAnswerIsRefusedWith400NamingTheFieldAndChangesNothing() {
        int id = aRedSlowProgressAlert("ANS-BAD", "ans-unit-bad");
        clock.moveTo(Instant.parse("2024-11-04T02:00:00Z")); // Monday 4 November, 10:00 in Shanghai
        String later = "2024-12-31";
        Map<String, Map<String, Object>> bad = new java.util.LinkedHashMap<>();
        bad.put("explanation", without(answer("x", "y", later), "explanation"));
        bad.put("measures", answer("说明", "   ", later));
        bad.put("expectedCompletion", answer("说明", "措施", "2024-13-01"));
        bad.put("expectedCompletion ", answer("说明", "措施", "2024-11-03")); // yesterday in Shanghai
        bad.put(" expectedCompletion", without(answer("说明", "措施", later), "expectedCompletion"));
        bad.put("explanation ", answer("长".repeat(2001), "措施", later));
        bad.put("status", with(answer("说明", "措施", later), "status", "ACCEPTED"));
        for (Map.Entry<String, Map<String, Object>> c : bad.entrySet()) {
            RestApi.as(Roles.LEAD_UNIT, "ans-unit-bad").body(c.getValue()).when().post("/alerts/" + id + "/answer")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("violations.field", hasItem(c.getKey().strip()));
        }
        // Today itself is a date the unit may promise.
        RestApi.as(Roles.LEAD_UNIT, "ans-unit-bad").body(answer("说明", "措施", "2024-11-04"))
                .when().post("/alerts/" + id + "/answer").then().statusCode(200);
        RestApi.as(Roles.SUPERVISOR, null).when().get("/alerts/" + id).then()
                .body("history.change", contains("RAISED", "ANSWERED"));
    }

    @Test
    void aRedAlertLeftUnansweredFiveWorkingDaysEscalatesToAnInterviewOnce() {
        // Monday 4 November 2024, 10:00 in Shanghai: the alerts turn RED (or YELLOW) now.
        clock.moveTo(Instant.parse("2024-11-04T02:00:00Z"));
        int unanswered = aRedSlowProgressAlert("ESC-1", "esc-unit");
        int answered = aRedSlowProgressAlert("ESC-2", "esc-unit");
        Events.project("ESC-3", "esc-unit", "ACTIVE", "36600");
        Events.report("ESC-3", "esc-unit", "2024-09", 1, RECEIVED, "60", "21960", "36600"); // 14.86 behind: YELLOW
        await().atMost(Duration.ofSeconds(30)).until(() -> !Events.alertsOf("ESC-3", Alert.Rule.SLOW_PROGRESS).isEmpty());
        RestApi.as(Roles.LEAD_UNIT, "esc-unit").body(answer("资金未到位", "已协调财政拨付", "2024-12-20"))
                .when().post("/alerts/" + answered + "/answer").then().statusCode(200);

        // Five working days after Monday the 4th: Tue 5 to Mon 11. Not on the 11th, from Tuesday the 12th.
        clock.moveTo(Instant.parse("2024-11-11T15:59:59Z"));
        sweep.run();
        RestApi.as(Roles.SUPERVISOR, null).when().get("/alerts/" + unanswered).then().body("escalationLevel", equalTo(0));

        clock.moveTo(Instant.parse("2024-11-11T16:00:00Z"));
        assertThat(sweep.run().unanswered()).isGreaterThanOrEqualTo(1);
        sweep.run();
        RestApi.as(Roles.SUPERVISOR, null).when().get("/alerts/" + unanswered).then()
                .body("escalationLevel", equalTo(1)).body("severity", equalTo("RED")).body("state", equalTo("OPEN"))
                .body("history.change", contains("RAISED", "ESCALATED"))
                .body("history[1].note", equalTo("未在5个工作日内答复，升级为约谈"))
                .body("history[1].actor", equalTo("system"));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/alerts/" + answered).then()
                .body("escalationLevel", equalTo(0)).body("history.change", contains("RAISED", "ANSWERED"));
        int yellow = (Integer) Events.alertsOf("ESC-3", Alert.Rule.SLOW_PROGRESS).get(0).get("id");
        RestApi.as(Roles.SUPERVISOR, null).when().get("/alerts/" + yellow).then()
                .body("escalationLevel", equalTo(0)).body("answer", nullValue());

        List<TopicProbe.Seen> events = TopicProbe.await(Topics.ALERT_EVENTS, s -> "ESC-1".equals(s.key())
                && s.value().path("payload").path("rule").asText().equals("SLOW_PROGRESS"), 2, Duration.ofSeconds(30));
        assertThat(events).extracting(s -> s.value().path("type").asText()).containsExactly("AlertRaised", "AlertEscalated");
        assertThat(events.get(1).value().path("payload").path("escalationLevel").asInt()).isEqualTo(1);
    }

    @Test
    void theDueInstantCountsWorkingDaysAfterTheDayTheAlertTurnedRed() {
        var week = cn.qinzhou.livelihood.rules.calendar.WorkingDays.weekOnly();
        // At Tuesday 12 November 00:00 in Shanghai, an alert red since Monday the 4th is due, one since the 5th not.
        assertThat(UnansweredEscalation.redBefore(week, Instant.parse("2024-11-11T16:00:00Z"), 5))
                .isEqualTo(Instant.parse("2024-11-04T16:00:00Z"));
        // Red on Friday 1 November: Mon 4 to Fri 8 are its five days; due from Saturday the 9th. So is one that turned
        // red over the weekend before (its five days are the same).
        assertThat(UnansweredEscalation.redBefore(week, Instant.parse("2024-11-08T16:00:00Z"), 5))
                .isEqualTo(Instant.parse("2024-11-03T16:00:00Z"));
        assertThat(UnansweredEscalation.redBefore(week, Instant.parse("2024-11-08T15:59:59Z"), 5))
                .isEqualTo(Instant.parse("2024-10-31T16:00:00Z"));
    }

    private static int aRedSlowProgressAlert(String projectId, String unit) {
        Events.project(projectId, unit, "ACTIVE", "36600");
        Events.report(projectId, unit, "2024-09", 1, RECEIVED, "10", "3660", "36600"); // 10% done: RED
        await().atMost(Duration.ofSeconds(30)).until(() -> !Events.alertsOf(projectId, Alert.Rule.SLOW_PROGRESS).isEmpty());
        return (Integer) Events.alertsOf(projectId, Alert.Rule.SLOW_PROGRESS).get(0).get("id");
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ReportingCalendar.ZONE);
    }

    private static Map<String, Object> answer(String explanation, String measures, String expectedCompletion) {
        Map<String, Object> body = new HashMap<>();
        body.put("explanation", explanation);
        body.put("measures", measures);
        body.put("expectedCompletion", expectedCompletion);
        return body;
    }

    private static Map<String, Object> without(Map<String, Object> body, String field) {
        body.remove(field);
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        body.put(field, value);
        return body;
    }
}
