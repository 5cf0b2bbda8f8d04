package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.notification.Events;
import cn.qinzhou.livelihood.testsupport.SseClient;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** GET /alerts/stream: where a subscriber starts, what it is sent, and who sees what. */
@QuarkusTest
class AlertStreamTest {

    static final Instant RECEIVED = Instant.parse("2024-10-02T01:00:00Z");
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @TestHTTPResource("/alerts/stream")
    URL stream;

    @Test
    void aNewSubscriberStartsFromNowWithItsPositionAndNoHistory() throws Exception {
        // Something on the feed before the subscriber comes: it must not be replayed to it.
        raiseSlowProgress("NOW-0", "now-unit");
        try (SseClient client = supervisor("", Map.of())) {
            SseClient.Event position = client.await(e -> e.name().equals("position"), PATIENCE);
            assertThat(client.events()).as("sent before any new change").containsExactly(position);
            assertThat(position.sequence()).isEqualTo(position.json().path("position").asLong()).isPositive();

            raiseSlowProgress("NOW-1", "now-unit");
            SseClient.Event raised = client.await(e -> e.data().contains("NOW-1"), PATIENCE);
            assertThat(raised.name()).isEqualTo("RAISED");
            assertThat(raised.sequence()).isGreaterThan(position.sequence());
            assertThat(client.events()).noneMatch(e -> e.data().contains("NOW-0"));
        }
    }

    @Test
    void aSubscriberResumingAfterAnEventIdGetsExactlyWhatItMissed() throws Exception {
        long raisedId;
        try (SseClient client = supervisor("", Map.of())) {
            client.await(e -> e.name().equals("position"), PATIENCE);
            raiseSlowProgress("SSE-1", "sse-unit");
            raisedId = client.await(e -> e.data().contains("SSE-1"), PATIENCE).sequence();
        }
        int alertId = Events.alertsOf("SSE-1", Alert.Rule.SLOW_PROGRESS).get(0).get("id") instanceof Integer id ? id : -1;
        // While the client is away the alert is acknowledged; resuming from its last id it gets exactly that.
        RestApi.as(Roles.SUPERVISOR, null).body(Map.of("note", "已知悉")).when().post("/alerts/" + alertId + "/acknowledgement")
                .then().statusCode(200);
        try (SseClient resumed = supervisor("", Map.of("Last-Event-ID", Long.toString(raisedId)))) {
            SseClient.Event acknowledged = resumed.await(e -> e.data().contains("SSE-1"), PATIENCE);
            assertThat(resumed.events()).as("resuming sends no position, only what was missed").first().isEqualTo(acknowledged);
            assertThat(acknowledged.name()).isEqualTo("ACKNOWLEDGED");
            assertThat(acknowledged.sequence()).isGreaterThan(raisedId);
            assertThat(acknowledged.json().path("state").asText()).isEqualTo("ACKNOWLEDGED");
        }
        // Resuming from before the raise (here with ?after=) replays it as it was then (OPEN), not as it stands now.
        try (SseClient replayed = supervisor("?after=" + (raisedId - 1), Map.of())) {
            SseClient.Event raised = replayed.await(e -> e.data().contains("SSE-1"), PATIENCE);
            assertThat(raised.sequence()).isEqualTo(raisedId);
            assertThat(raised.json().path("state").asText()).isEqualTo("OPEN");
            replayed.await(e -> e.name().equals("ACKNOWLEDGED") && e.data().contains("SSE-1"), PATIENCE);
        }
    }

    @Test
    void aSnapshotSendsWhatIsOpenThenFollowsFromItsPosition() throws Exception {
        raiseSlowProgress("SNAP-OPEN", "snap-unit");
        raiseSlowProgress("SNAP-DONE", "snap-unit");
        Object resolvedId = Events.alertsOf("SNAP-DONE", Alert.Rule.SLOW_PROGRESS).get(0).get("id");
        RestApi.as(Roles.SUPERVISOR, null).body(Map.of("note", "已整改")).when().post("/alerts/" + resolvedId + "/resolution")
                .then().statusCode(200);
        try (SseClient client = supervisor("?snapshot=open", Map.of())) {
            SseClient.Event position = client.await(e -> e.name().equals("position"), PATIENCE);
            List<SseClient.Event> before = client.events().subList(0, client.events().indexOf(position));
            assertThat(before).allSatisfy(e -> assertThat(e.name()).isEqualTo("snapshot"))
                    .allSatisfy(e -> assertThat(e.json().path("state").asText()).isIn("OPEN", "ACKNOWLEDGED"));
            assertThat(before).anySatisfy(e -> assertThat(e.json().path("subjectId").asText()).isEqualTo("SNAP-OPEN"));
            assertThat(before).noneSatisfy(e -> assertThat(e.json().path("subjectId").asText()).isEqualTo("SNAP-DONE"));
            // The REST list reports the same kind of position: open alerts there equal the snapshot's count.
            int open = RestApi.as(Roles.SUPERVISOR, null).queryParam("state", "OPEN").queryParam("size", 1).when().get("/alerts")
                    .then().statusCode(200).extract().path("total");
            int acknowledged = RestApi.as(Roles.SUPERVISOR, null).queryParam("state", "ACKNOWLEDGED").queryParam("size", 1)
                    .when().get("/alerts").then().extract().path("total");
            assertThat(before).hasSize(open + acknowledged);

            raiseSlowProgress("SNAP-NEW", "snap-unit");
            SseClient.Event raised = client.await(e -> e.data().contains("SNAP-NEW"), PATIENCE);
            assertThat(raised.name()).isEqualTo("RAISED");
            assertThat(raised.sequence()).isGreaterThan(position.sequence());
        }
    }

    @Test
    void theAlertListSaysWhereToFollowTheStreamFrom() throws Exception {
        long listed = ((Number) RestApi.as(Roles.SUPERVISOR, null).queryParam("size", 1).when().get("/alerts")
                .then().statusCode(200).extract().path("feedPosition")).longValue();
        raiseSlowProgress("LIST-1", "list-unit");
        try (SseClient client = supervisor("?after=" + listed, Map.of())) {
            SseClient.Event raised = client.await(e -> e.data().contains("LIST-1"), PATIENCE);
            assertThat(raised.name()).isEqualTo("RAISED");
            assertThat(client.events()).allSatisfy(e -> assertThat(e.sequence()).isGreaterThan(listed));
        }
    }

    @Test
    void aLeadUnitsStreamCarriesOnlyItsOwnAlerts() throws Exception {
        raiseSlowProgress("OWN-A1", "stream-unit-a");
        raiseSlowProgress("OWN-B1", "stream-unit-b");
        try (SseClient unitA = SseClient.open(stream + "?snapshot=open", Tokens.forRole(Roles.LEAD_UNIT, "stream-unit-a"), Map.of())) {
            SseClient.Event position = unitA.await(e -> e.name().equals("position"), PATIENCE);
            assertThat(unitA.events()).filteredOn(e -> e.name().equals("snapshot"))
                    .anySatisfy(e -> assertThat(e.data()).contains("OWN-A1"))
                    .allSatisfy(e -> assertThat(e.json().path("leadUnitId").asText()).isEqualTo("stream-unit-a"));
            raiseSlowProgress("OWN-B2", "stream-unit-b");
            raiseSlowProgress("OWN-A2", "stream-unit-a");
            unitA.await(e -> e.data().contains("OWN-A2"), PATIENCE);
            assertThat(unitA.events().subList(unitA.events().indexOf(position), unitA.events().size()))
                    .noneMatch(e -> e.data().contains("stream-unit-b"));
        }
        try (SseClient resumed = SseClient.open(stream + "?after=0", Tokens.forRole(Roles.LEAD_UNIT, "stream-unit-a"), Map.of())) {
            resumed.await(e -> e.data().contains("OWN-A2"), PATIENCE);
            assertThat(resumed.events()).filteredOn(e -> e.id() != null)
                    .allSatisfy(e -> assertThat(e.json().path("leadUnitId").asText()).isEqualTo("stream-unit-a"));
        }
    }

    @Test
    void manySubscribersEachGetEveryChangeOnceAndInTheSameOrder() throws Exception {
        List<SseClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                clients.add(supervisor("", Map.of()));
            }
            for (SseClient client : clients) {
                client.await(e -> e.name().equals("position"), PATIENCE);
            }
            for (int i = 0; i < 5; i++) {
                raiseSlowProgress("MANY-" + i, "many-unit");
            }
            await().atMost(PATIENCE).until(() -> clients.stream().allMatch(c -> c.events().stream().anyMatch(e -> e.data().contains("MANY-4"))));
            List<Long> first = sequences(clients.get(0));
            assertThat(first).doesNotHaveDuplicates().isSorted();
            assertThat(clients.get(0).live()).filteredOn(e -> e.data().contains("MANY-")).hasSize(5);
            for (SseClient client : clients) {
                assertThat(sequences(client)).as("every subscriber's changes").startsWith(first.toArray(Long[]::new));
            }
        } finally {
            for (SseClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void aStartThatCannotBeHonouredIsRefusedWithAProblemNamingTheField() throws Exception {
        try (SseClient bad = supervisor("?after=yesterday", Map.of())) {
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.contentType()).startsWith("application/problem+json");
            assertThat(bad.errorBody()).contains("\"field\":\"after\"").contains("whole number");
        }
        try (SseClient bad = supervisor("", Map.of("Last-Event-ID", "-3"))) {
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.errorBody()).contains("\"field\":\"Last-Event-ID\"");
        }
        try (SseClient bad = supervisor("?snapshot=all", Map.of())) {
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.errorBody()).contains("\"field\":\"snapshot\"");
        }
        try (SseClient anonymous = SseClient.open(stream.toString(), null, Map.of())) {
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.contentType()).startsWith("application/problem+json");
        }
        try (SseClient expired = SseClient.open(stream.toString(), Tokens.expired(Roles.SUPERVISOR), Map.of())) {
            assertThat(expired.status()).isEqualTo(401);
        }
        try (SseClient dashboard = SseClient.open(stream.toString(), Tokens.forRole(Roles.DASHBOARD, null), Map.of())) {
            assertThat(dashboard.status()).isEqualTo(403);
            assertThat(dashboard.contentType()).startsWith("application/problem+json");
        }
    }

    private SseClient supervisor(String query, Map<String, String> headers) {
        SseClient client = SseClient.open(stream + query, Tokens.forRole(Roles.SUPERVISOR, null), headers);
        return client;
    }

    private static List<Long> sequences(SseClient client) {
        return client.live().stream().filter(e -> e.id() != null).map(SseClient.Event::sequence).toList();
    }

    /** A report 10 % done at the end of September: a RED slow-progress alert for the project. */
    private static void raiseSlowProgress(String projectId, String unit) {
        Events.project(projectId, unit, "ACTIVE", "36600");
        Events.report(projectId, unit, "2024-09", 1, RECEIVED, "10", "3660", "36600");
        await().atMost(PATIENCE).until(() -> !Events.alertsOf(projectId, Alert.Rule.SLOW_PROGRESS).isEmpty());
    }
}
