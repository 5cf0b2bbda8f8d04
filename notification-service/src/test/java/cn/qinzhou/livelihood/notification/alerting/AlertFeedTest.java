package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.notification.Api;
import cn.qinzhou.livelihood.notification.Events;
import cn.qinzhou.livelihood.notification.tracking.EventTracker;
import cn.qinzhou.livelihood.platform.events.Topics;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import cn.qinzhou.livelihood.testsupport.Tokens;
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
    void theStreamDeliversAnAlertRaisedAfterTheClientConnectedAndResumesFromLastEventId() throws Exception {
        List<String> lines = new ArrayList<>();
        CompletableFuture<Void> reading = follow(null, lines, "SSE-1");
        Thread.sleep(1000);
        Events.project("SSE-1", "sse-unit", "ACTIVE", "36600");
        Events.report("SSE-1", "sse-unit", "2024-09", 1, RECEIVED, "10", "100", "36600");
        reading.get(60, TimeUnit.SECONDS);
        String id = lines.stream().filter(l -> l.startsWith("id:")).reduce((a, b) -> b).orElseThrow().substring(3).trim();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("event:").contains("RAISED"));

        // A client that saw everything before that change gets it again when it resumes from the id before it.
        List<String> resumed = new ArrayList<>();
        follow(Long.toString(Long.parseLong(id) - 1), resumed, "SSE-1").get(30, TimeUnit.SECONDS);
        assertThat(resumed).anySatisfy(l -> assertThat(l.startsWith("id:") && l.substring(3).trim().equals(id)).isTrue());
    }

    @Test
    void acknowledgeAndResolveRecordWhoAndWhyAndRefuseWrongTransitions() {
        Events.project("LIFE-1", "life-unit", "ACTIVE", "36600");
        Events.report("LIFE-1", "life-unit", "2024-09", 1, RECEIVED, "10", "100", "36600");
        await().atMost(Duration.ofSeconds(30)).until(() -> !Events.alertsOf("LIFE-1", Alert.Rule.SLOW_PROGRESS).isEmpty());
        int id = (Integer) Events.alertsOf("LIFE-1", Alert.Rule.SLOW_PROGRESS).get(0).get("id");

        Api.as(Roles.SUPERVISOR, null).body(Map.of("note", "已电话督促")).when().post("/alerts/" + id + "/acknowledgement")
                .then().statusCode(200).body("state", equalTo("ACKNOWLEDGED"));
        Api.as(Roles.SUPERVISOR, null).body(Map.of()).when().post("/alerts/" + id + "/acknowledgement")
                .then().statusCode(409).contentType("application/problem+json");
        Api.as(Roles.SUPERVISOR, null).body(Map.of("note", "已整改")).when().post("/alerts/" + id + "/resolution")
                .then().statusCode(200).body("state", equalTo("RESOLVED"))
                .body("history.change", contains("RAISED", "ACKNOWLEDGED", "RESOLVED"))
                .body("history[1].actor", equalTo("supervisor"))
                .body("history[1].note", equalTo("已电话督促"));
        Api.as(Roles.SUPERVISOR, null).body(Map.of()).when().post("/alerts/" + id + "/resolution")
                .then().statusCode(409);
        Api.as(Roles.SUPERVISOR, null).body(Map.of()).when().post("/alerts/999999/resolution")
                .then().statusCode(404).contentType("application/problem+json");

        List<TopicProbe.Seen> events = TopicProbe.await(Topics.ALERT_EVENTS, s -> "LIFE-1".equals(s.key()), 3, Duration.ofSeconds(30));
        assertThat(events).extracting(s -> s.value().path("type").asText())
                .contains("AlertRaised", "AlertAcknowledged", "AlertResolved");
        assertThat(events.get(0).value().path("payload").path("rule").asText()).isEqualTo("SLOW_PROGRESS");
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndLaterMessagesAreStillProcessed() {
        TopicProbe.send(Topics.PROGRESS_EVENTS, "POISON-1", "\u00ff not an envelope");
        TopicProbe.send(Topics.PROGRESS_EVENTS, "POISON-1", """
                {"eventId": "6c5b2a1e-1111-4c3e-9a1d-000000000001", "type": "ReportSubmitted", "schemaVersion": 1,
                 "occurredAt": "2024-10-02T01:00:00Z", "aggregateId": "POISON-1",
                 "payload": {"projectId": "POISON-1", "period": "2024-99", "version": 1}}""");
        Events.project("AFTER-POISON", "poison-unit", "ACTIVE", "100");
        Events.report("POISON-1", "poison-unit", "2024-09", 1, RECEIVED, "80", "80", "100");
        Events.awaitReport("POISON-1", "2024-09", 1);
        List<TopicProbe.Seen> dead = TopicProbe.await(Topics.deadLetterOf(Topics.PROGRESS_EVENTS, EventTracker.CONSUMER_GROUP),
                s -> "POISON-1".equals(s.key()), 2, Duration.ofSeconds(30));
        assertThat(dead).allSatisfy(s -> assertThat(s.headers().get("dlt-reason")).isNotBlank());
    }

    /** Reads the SSE stream until a data line mentions the text; the future completes then. */
    private CompletableFuture<Void> follow(String lastEventId, List<String> lines, String waitFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stream.toString()))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + Tokens.forRole(Roles.SUPERVISOR, null));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .thenAccept(response -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            synchronized (lines) {
                                lines.add(line);
                            }
                            if (line.startsWith("data:") && line.contains(waitFor)) {
                                return;
                            }
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
    }
}
