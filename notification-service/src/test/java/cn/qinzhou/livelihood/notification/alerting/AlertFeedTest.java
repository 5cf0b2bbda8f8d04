package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.notification.Events;
import cn.qinzhou.livelihood.testsupport.SseClient;
import cn.qinzhou.livelihood.notification.tracking.EventTracker;
import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.Tokens;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class AlertFeedTest {

    static final Instant RECEIVED = Instant.parse("2024-10-02T01:00:00Z");

    @TestHTTPResource("/alerts/stream")
    URL stream;

    @Test
    void acknowledgeAndResolveRecordWhoAndWhyAndRefuseWrongTransitions() {
        Events.project("LIFE-1", "life-unit", "ACTIVE", "36600");
        Events.report("LIFE-1", "life-unit", "2024-09", 1, RECEIVED, "10", "100", "36600");
        await().atMost(Duration.ofSeconds(30)).until(() -> !Events.alertsOf("LIFE-1", Alert.Rule.SLOW_PROGRESS).isEmpty());
        int id = (Integer) Events.alertsOf("LIFE-1", Alert.Rule.SLOW_PROGRESS).get(0).get("id");

        RestApi.as(Roles.SUPERVISOR, null).body(Map.of("note", "已电话督促")).when().post("/alerts/" + id + "/acknowledgement")
                .then().statusCode(200).body("state", equalTo("ACKNOWLEDGED"));
        RestApi.as(Roles.SUPERVISOR, null).body(Map.of()).when().post("/alerts/" + id + "/acknowledgement")
                .then().statusCode(409).contentType("application/problem+json");
        RestApi.as(Roles.SUPERVISOR, null).body(Map.of("note", "已整改")).when().post("/alerts/" + id + "/resolution")
                .then().statusCode(200).body("state", equalTo("RESOLVED"))
                .body("history.change", contains("RAISED", "ACKNOWLEDGED", "RESOLVED"))
                .body("history[1].actor", equalTo("supervisor"))
                .body("history[1].note", equalTo("已电话督促"));
        RestApi.as(Roles.SUPERVISOR, null).body(Map.of()).when().post("/alerts/" + id + "/resolution")
                .then().statusCode(409);
        RestApi.as(Roles.SUPERVISOR, null).body(Map.of()).when().post("/alerts/999999/resolution")
                .then().statusCode(404).contentType("application/problem+json");

        List<TopicProbe.Seen> events = TopicProbe.await(Topics.ALERT_EVENTS, s -> "LIFE-1".equals(s.key()), 3, Duration.ofSeconds(30));
        assertThat(events).extracting(s -> s.value().path("type").asText())
                .contains("AlertRaised", "AlertAcknowledged", "AlertResolved");
        assertThat(events.get(0).value().path("payload").path("rule").asText()).isEqualTo("SLOW_PROGRESS");
    }

    @Test
    void eachChangeOfAnAlertKeepsItsOwnStateInHistoryFeedAndTopicEvenWhenAppliedInOneRun() throws Exception {
        // Sent back to back on one key: the consumer usually applies them in one transaction, whose changes are
        // recorded together at its end. Each change must still show the alert as it stood right after it.
        Events.project("RUN-1", "run-unit", "ACTIVE", "36600");
        Events.report("RUN-1", "run-unit", "2024-09", 1, RECEIVED, "10", "3660", "36600");     // 10% done: RED
        Events.report("RUN-1", "run-unit", "2024-09", 2, RECEIVED, "60", "21960", "36600");    // 60%: YELLOW
        Events.report("RUN-1", "run-unit", "2024-09", 3, RECEIVED, "80", "29280", "36600");    // 80%: GREEN
        Events.awaitReport("RUN-1", "2024-09", 3);

        List<Map<String, Object>> alerts = Events.alertsOf("RUN-1", Alert.Rule.SLOW_PROGRESS);
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.get("state")).isEqualTo("RESOLVED"));
        RestApi.as(Roles.SUPERVISOR, null).when().get("/alerts/" + alerts.get(0).get("id")).then().statusCode(200)
                .body("history.change", contains("RAISED", "UPDATED", "RESOLVED"))
                .body("history.severity", contains("RED", "YELLOW", "YELLOW"))
                .body("history.state", contains("OPEN", "OPEN", "RESOLVED"));

        List<TopicProbe.Seen> events = TopicProbe.await(Topics.ALERT_EVENTS, s -> "RUN-1".equals(s.key()), 3, Duration.ofSeconds(30));
        assertThat(events).extracting(s -> s.value().path("type").asText())
                .containsExactly("AlertRaised", "AlertUpdated", "AlertResolved");
        assertThat(events).extracting(s -> s.value().path("payload").path("severity").asText())
                .containsExactly("RED", "YELLOW", "YELLOW");

        List<JsonNode> feed;
        try (SseClient replayed = SseClient.open(stream + "?after=0", Tokens.forRole(Roles.SUPERVISOR, null), Map.of())) {
            replayed.await(e -> e.data().contains("RUN-1") && e.name().equals("RESOLVED"), Duration.ofSeconds(30));
            feed = replayed.events().stream().filter(e -> e.data().contains("RUN-1")).map(SseClient.Event::json).toList();
        }
        assertThat(feed).extracting(a -> a.path("severity").asText() + " " + a.path("state").asText())
                .containsExactly("RED OPEN", "YELLOW OPEN", "YELLOW RESOLVED");
        assertThat(feed.get(0).path("message").asText()).contains("完成 10.00%");
        assertThat(feed.get(2).path("resolvedAt").asText()).isNotBlank();
    }

    @Test
    void theListFiltersByEachCriterionAndPages() {
        // End of September 2024: 74.86% of the year gone. 10% done is RED, 60% done (14.86 behind) YELLOW.
        Events.project("FILT-RED", "filter-unit", "ACTIVE", "36600");
        Events.project("FILT-YEL", "filter-unit", "ACTIVE", "36600");
        Events.report("FILT-RED", "filter-unit", "2024-09", 1, RECEIVED, "10", "3660", "36600");
        Events.report("FILT-YEL", "filter-unit", "2024-09", 1, RECEIVED, "60", "21960", "36600");
        Events.awaitReport("FILT-RED", "2024-09", 1);
        Events.awaitReport("FILT-YEL", "2024-09", 1);

        RestApi.as(Roles.SUPERVISOR, null).queryParam("leadUnit", "filter-unit").queryParam("rule", "SLOW_PROGRESS").queryParam("severity", "RED")
                .when().get("/alerts").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].subjectId", equalTo("FILT-RED"));
        List<String> pages = new ArrayList<>();
        for (int page = 0; page < 2; page++) {
            pages.addAll(RestApi.as(Roles.SUPERVISOR, null).queryParam("leadUnit", "filter-unit").queryParam("programme", 7)
                    .queryParam("period", "2024-09").queryParam("state", "OPEN").queryParam("size", 1).queryParam("page", page)
                    .when().get("/alerts").then().statusCode(200)
                    .body("total", equalTo(2)).body("items.size()", equalTo(1)).body("page", equalTo(page))
                    .extract().jsonPath().getList("items.subjectId", String.class));
        }
        assertThat(pages).containsExactlyInAnyOrder("FILT-RED", "FILT-YEL");
        RestApi.as(Roles.SUPERVISOR, null).queryParam("leadUnit", "filter-unit").queryParam("period", "2024-08").when().get("/alerts")
                .then().body("total", equalTo(0));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("leadUnit", "filter-unit").queryParam("state", "RESOLVED").when().get("/alerts")
                .then().body("total", equalTo(0));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("leadUnit", "filter-unit").queryParam("programme", 3).when().get("/alerts")
                .then().body("total", equalTo(0));
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndLaterMessagesAreStillProcessed() {
        TopicProbe.send(Topics.PROGRESS_EVENTS, "POISON-1", "\u00ff not an envelope");
        TopicProbe.send(Topics.PROGRESS_EVENTS, "POISON-1", """
                {"eventId": "6c5b2a1e-1111-4c3e-9a1d-000000000001", "type": "ReportSubmitted", "schemaVersion": 1,
                 "occurredAt": "2024-10-02T01:00:00Z", "aggregateId": "POISON-1",
                 "payload": {"reportId": "00000000-0000-0000-0000-00000000d1e7", "projectId": "POISON-1", "leadUnitId": "poison-unit", "programmeId": 7,
                             "period": "2024-99", "version": 1, "dueAt": "2024-10-05T15:59:59.999999Z",
                             "firstReceivedAt": "2024-10-02T01:00:00Z", "receivedAt": "2024-10-02T01:00:00Z",
                             "timeliness": "ON_TIME", "progressPercent": 50, "completedInvestment": 50,
                             "plannedInvestment": 100, "correctionReason": null, "submittedBy": "张三"}}""");
        Events.project("AFTER-POISON", "poison-unit", "ACTIVE", "100");
        Events.report("POISON-1", "poison-unit", "2024-09", 1, RECEIVED, "80", "80", "100");
        Events.awaitReport("POISON-1", "2024-09", 1);
        List<TopicProbe.Seen> dead = TopicProbe.await(Topics.deadLetterOf(Topics.PROGRESS_EVENTS, EventTracker.CONSUMER_GROUP),
                s -> "POISON-1".equals(s.key()), 2, Duration.ofSeconds(30));
        assertThat(dead).allSatisfy(s -> assertThat(s.headers().get("dlt-reason")).isNotBlank());
        assertThat(dead).extracting(s -> s.headers().get("dlt-reason"))
                .anySatisfy(reason -> assertThat(reason).startsWith("unreadable envelope"))
                .anySatisfy(reason -> assertThat(reason).contains("invalid period '2024-99'"));
        assertThat(dead).allSatisfy(s -> assertThat(s.headers()).containsEntry("dlt-original-topic", Topics.PROGRESS_EVENTS)
                .containsEntry("dlt-consumer-group", EventTracker.CONSUMER_GROUP));
    }
}
