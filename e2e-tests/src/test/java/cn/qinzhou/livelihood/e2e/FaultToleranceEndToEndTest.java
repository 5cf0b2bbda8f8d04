package cn.qinzhou.livelihood.e2e;

import cn.qinzhou.livelihood.testsupport.PrivatePostgresCluster;
import cn.qinzhou.livelihood.testsupport.RobotReceivers;
import cn.qinzhou.livelihood.testsupport.ServiceStack;
import cn.qinzhou.livelihood.testsupport.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite, on the three packaged services with a real broker and a private PostgreSQL
 * cluster: the broker hung (SIGSTOP) for 60 s in the middle of 10,000 report submissions, the broker killed
 * with SIGKILL under load, progress-service killed while its relay's Kafka transaction is open, each service
 * killed with SIGKILL under load and restarted, and PostgreSQL restarted under the running services. After each,
 * every accepted report's event is on the topic, read as event-contracts says (read_committed): each committed
 * change exactly once, no event id twice; every overdue alert its reports answer is resolved, and each alert
 * was raised exactly once in the feed and on the alert topic; with the services killed, every alert change also
 * reached the supervision office's webhook, shown once. Figures are printed as "[fault] ...".
 */
// First of the module's classes: it needs no Keycloak, which starts meanwhile (KeycloakStartedAhead).
@Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceEndToEndTest {

    static final String UNIT = "qz-fault";
    static final String PROGRESS_TOPIC = "livelihood.progress.events";
    static final String ALERT_TOPIC = "livelihood.alert.events";
    static final String PROJECT_TOPIC = "livelihood.project.events";
    /**
     * The reporting months (from livelihood.reporting.first-period, 2024-08) whose deadline has passed when the
     * stack starts at 10:00 on 3 December 2024, Shanghai: each of the 79 projects is overdue on each of them.
     */
    static final List<String> PAST_MONTHS = List.of("2024-08", "2024-09", "2024-10");
    static final int PAST_OVERDUE = PAST_MONTHS.size() * 79;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    static PrivatePostgresCluster cluster;
    static ServiceStack stack;
    static List<String> projects;
    static TopicTally progressEvents;
    static TopicTally alertEvents;
    static TopicTally projectEvents;
    /** The supervision office's own system, told of every alert change by a webhook subscription. */
    static RobotReceivers officeSystem;
    /** "project|period|version" of every submission answered 200/201. */
    static final Set<String> accepted = ConcurrentHashMap.newKeySet();
    static final AtomicInteger sequence = new AtomicInteger();

    @BeforeAll
    static void startTheStackOnAPrivateCluster() throws Exception {
        String root = System.getProperty("livelihood.repository.root", "..");
        cluster = new PrivatePostgresCluster(Paths.get(root, "e2e-tests/target/private-pg-" + System.currentTimeMillis())).start();
        stack = EndToEndStacks.startingAt(FaultToleranceEndToEndTest.class, "2024-12-03T10:00:00+08:00", cluster);
        stack.start(EndToEndStacks.READY_WITHIN);
        progressEvents = new TopicTally(stack.bootstrapServers(), PROGRESS_TOPIC);
        alertEvents = new TopicTally(stack.bootstrapServers(), ALERT_TOPIC);
        projectEvents = new TopicTally(stack.bootstrapServers(), PROJECT_TOPIC);

        // One unit leads all 79 projects, so every project has reports due and overdue.
        assertThat(call("project-service", "planner", "POST", "/lead-units", Map.of("id", UNIT, "name", "故障测试单位")).status)
                .isEqualTo(201);
        projects = new ArrayList<>();
        call("project-service", "planner", "GET", "/projects?size=500", null).json.path("items")
                .forEach(p -> projects.add(p.path("id").asText()));
        assertThat(projects).hasSize(79);
        for (String project : projects) {
            assertThat(call("project-service", "planner", "PUT", "/projects/" + project + "/lead-unit",
                    Map.of("leadUnitId", UNIT)).status).isEqualTo(200);
        }
        // The sweep raises the overdue alerts of the past months before any report arrives.
        awaitTrue(Duration.ofSeconds(180), PAST_OVERDUE + " overdue alerts raised and moved to " + UNIT, () -> alertTotal("OVERDUE", null) == PAST_OVERDUE);
        awaitTrue(Duration.ofSeconds(120), "progress-service knows the 79 projects", () -> projects.stream()
                .allMatch(p -> call("progress-service", "lead-unit", "GET", "/projects/" + p + "/reports", null).status == 200));
    }

    @AfterAll
    static void stopEverything() {
        if (progressEvents != null) {
            progressEvents.close();
            alertEvents.close();
            projectEvents.close();
        }
        if (officeSystem != null) {
            officeSystem.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theBrokerHungFor60SecondsInTheMiddleOf10000SubmissionsLosesNoEventDuplicatesNoneAndNoAlert() throws Exception {
        List<String> pairs = pairs(PAST_MONTHS);
        CompletableFuture<Load> load = CompletableFuture.supplyAsync(() -> submit(pairs, 10_000, 100));
        awaitTrue(Duration.ofSeconds(300), "3,000 submissions accepted before the outage", () -> accepted.size() >= 3_000 || load.isDone());
        int beforeOutage = accepted.size();
        long stopped = System.nanoTime();
        // Hung, not stopped: connections stay open and nothing answers, so sends time out (after 10 s) while the
        // broker may still write them when it carries on: the case a relay resending on timeout duplicated.
        stack.hangBroker();
        try {
            sleepUntil(stopped + Duration.ofSeconds(60).toNanos());
        } finally {
            stack.resumeBroker();
        }
        int duringOutage = accepted.size() - beforeOutage;
        long back = System.nanoTime();
        Load done = load.get();

        awaitDelivered(Duration.ofSeconds(300));
        double deliveredAfter = seconds(System.nanoTime() - back);
        awaitTrue(Duration.ofSeconds(180), "every overdue alert resolved by its late report",
                () -> alertTotal("OVERDUE", "OPEN") == 0);
        double resolvedAfter = seconds(System.nanoTime() - back);
        AlertTally alerts = assertEachAlertRaisedOnce();
        assertEachChangeOnceOnTheTopics("broker hung 60 s");
        System.out.printf("[fault] broker hung: %d submissions, %d accepted (%d before, %d during the %.0f s outage), "
                        + "%d refused, %d unanswered; all %d events delivered %.1f s after the broker returned; "
                        + "%d overdue alerts resolved %.1f s after; %d alerts, each raised once (%d redelivered copies)%n",
                done.sent, done.accepted, beforeOutage, duringOutage, seconds(back - stopped), done.refused, done.unanswered,
                accepted.size(), deliveredAfter, PAST_OVERDUE, resolvedAfter, alerts.alerts, alerts.redelivered);
        assertThat(done.accepted).isEqualTo(10_000);
        assertThat(duringOutage).isPositive();
    }

    @Test
    @Order(2)
    void theBrokerKilledWithSigkillUnderLoadLosesNoEventAndDuplicatesNone() throws Exception {
        List<String> pairs = pairs(PAST_MONTHS);
        int before = accepted.size();
        CompletableFuture<Load> load = CompletableFuture.supplyAsync(() -> submit(pairs, 2_000, 100));
        awaitTrue(Duration.ofSeconds(120), "load under way", () -> accepted.size() >= before + 500 || load.isDone());
        stack.killBroker();
        long killed = System.nanoTime();
        sleepUntil(killed + Duration.ofSeconds(15).toNanos());
        stack.startBroker();
        long back = System.nanoTime();
        Load done = load.get();
        awaitDelivered(Duration.ofSeconds(300));
        System.out.printf("[fault] broker SIGKILL: %d submissions, %d accepted; down %.1f s; all delivered %.1f s after it returned%n",
                done.sent, done.accepted, seconds(back - killed), seconds(System.nanoTime() - back));
        assertEachChangeOnceOnTheTopics("broker SIGKILL");
        assertThat(done.accepted).isEqualTo(2_000);
    }

    @Test
    @Order(3)
    void theRelayKilledMidBatchPublishesEachEventOnce() throws Exception {
        // The broker hangs, then reports arrive: the relay claims them, sends them in a transaction and waits for
        // the commit. Killed then (well within the 10 s delivery timeout, so the transaction is still open), it
        // leaves records the broker writes when it carries on; the restarted relay, with the same
        // transactional.id, fences that transaction (aborting those records) and publishes the rows again.
        long hung = System.nanoTime();
        stack.hangBroker();
        Load done;
        double killedAfter;
        try {
            done = submit(pairs(PAST_MONTHS), 158, 79);
            sleep(1_500);
            stack.kill("progress-service");
            killedAfter = seconds(System.nanoTime() - hung);
        } finally {
            stack.resumeBroker();
        }
        stack.restart("progress-service");
        awaitDelivered(Duration.ofSeconds(300));
        System.out.printf("[fault] relay killed mid-batch: %d submissions, %d accepted while the broker hung; "
                + "progress-service killed %.1f s into the hang, then restarted%n", done.sent, done.accepted, killedAfter);
        assertEachChangeOnceOnTheTopics("relay killed mid-batch");
        assertThat(done.accepted).isEqualTo(158);
    }

    @Test
    @Order(4)
    void eachServiceKilledMidLoadAndRestartedLosesNoAcceptedEventAndDuplicatesNoAlert() throws Exception {
        // Every alert change from here on is also delivered, by webhook, while notification-service is killed too.
        officeSystem = new RobotReceivers();
        Answer subscribed = call("notification-service", "supervisor", "POST", "/subscriptions", Map.of(
                "recipient", "督查室督办系统", "channel", "WEBHOOK", "target", officeSystem.webhook("office"),
                "secretName", "e2e-hook", "mode", "IMMEDIATE"));
        assertThat(subscribed.status).as(subscribed.json.toString()).isEqualTo(201);
        Map<TopicPartition, Long> alertTopicFrom = committedEnd(ALERT_TOPIC);
        // November's deadline passes: 79 more overdue alerts, answered by the reports sent under the kills.
        for (String service : ServiceStack.SERVICES) {
            assertThat(call(service, "operator", "PUT", "/admin/clock", Map.of("to", "2024-12-06T00:00:01+08:00")).status)
                    .isEqualTo(200);
        }
        awaitTrue(Duration.ofSeconds(120), "November's 79 overdue alerts", () -> alertTotal("OVERDUE", "OPEN") == 79);
        List<String> pairs = pairs(List.of("2024-11"));
        Map<String, String> figures = new LinkedHashMap<>();
        for (String victim : List.of("progress-service", "notification-service", "project-service")) {
            int before = accepted.size();
            CompletableFuture<Load> load = CompletableFuture.supplyAsync(() -> submit(pairs, 1_580, 79));
            awaitTrue(Duration.ofSeconds(120), "load under way", () -> accepted.size() >= before + 300 || load.isDone());
            stack.kill(victim);
            long killed = System.nanoTime();
            stack.restart(victim);
            double restartSeconds = seconds(System.nanoTime() - killed);
            Load done = load.get();
            if (victim.equals("project-service")) {
                // Its outbox still works after the crash: a change made now reaches the topic.
                assertThat(call("project-service", "planner", "PUT", "/projects/" + projects.get(0) + "/funding",
                        Map.of("totalInvestment", 2000000, "annualPlan", 1500000,
                                "split", Map.of("central", 1000000, "regional", 300000, "local", 200000))).status).isEqualTo(200);
                awaitTrue(Duration.ofSeconds(60), "the funding change on the project topic", () -> projectEvents
                        .poll(Duration.ofMillis(500)).stream().anyMatch(e -> e.path("type").asText().equals("ProjectFundingChanged")
                                && e.path("aggregateId").asText().equals(projects.get(0))));
            }
            figures.put(victim, "%d sent, %d accepted, %d unanswered, back in %.1f s".formatted(done.sent, done.accepted,
                    done.unanswered, restartSeconds));
        }
        long loadDone = System.nanoTime();
        awaitDelivered(Duration.ofSeconds(300));
        double deliveredAfter = seconds(System.nanoTime() - loadDone);
        awaitTrue(Duration.ofSeconds(180), "November's overdue alerts resolved", () -> alertTotal("OVERDUE", "OPEN") == 0);
        AlertTally alerts = assertEachAlertRaisedOnce();
        System.out.printf("[fault] SIGKILL under load: %s; all %d accepted events delivered %.1f s after the load; "
                        + "%d alerts, each raised once (%d redelivered copies)%n",
                figures, accepted.size(), deliveredAfter, alerts.alerts, alerts.redelivered);
        assertEachChangeOnceOnTheTopics("each service SIGKILL");
        assertThat(alertTotal("OVERDUE", null)).isEqualTo(PAST_OVERDUE + 79);
        assertEachAlertChangeDeliveredAndShownOnce(alertTopicFrom);
    }

    /**
     * Every alert change published after the subscription was made reached the office's system, under one delivery id
     * (what its receiver dedupes on), signed as agreed; none is left owed or failed. A change whose sender was killed
     * mid-send arrives again under the same id: counted as resent, shown once.
     */
    static void assertEachAlertChangeDeliveredAndShownOnce(Map<TopicPartition, Long> from) {
        // The stack's clocks stand still, and a message claimed by the killed instance (its lease) or backing off after
        // a refused attempt comes due only as time passes: an hour on.
        for (String service : ServiceStack.SERVICES) {
            assertThat(call(service, "operator", "PUT", "/admin/clock", Map.of("to", "2024-12-06T01:00:01+08:00")).status)
                    .isEqualTo(200);
        }
        Set<String> changes = eventIdsFrom(ALERT_TOPIC, from);
        Map<String, Set<String>> deliveryIdsOfChange = new HashMap<>();
        long started = System.nanoTime();
        awaitTrue(Duration.ofSeconds(240), changes.size() + " alert changes delivered to the office's webhook", () -> {
            deliveryIdsOfChange.clear();
            for (RobotReceivers.Received received : officeSystem.to("office")) {
                if (received.answeredWith() / 100 == 2) {
                    deliveryIdsOfChange.computeIfAbsent(received.body().path("eventId").asText(), k -> new HashSet<>())
                            .add(received.headers().get("x-livelihood-delivery-id"));
                }
            }
            return deliveryIdsOfChange.keySet().containsAll(changes);
        });
        List<RobotReceivers.Received> requests = officeSystem.to("office");
        long distinct = requests.stream().map(r -> r.headers().get("x-livelihood-delivery-id")).distinct().count();
        System.out.printf("[fault] delivery under SIGKILL: %d alert changes, %d delivered (%d requests, %d resent under the "
                        + "same delivery id), all within %.1f s of the load's end checks%n", changes.size(),
                deliveryIdsOfChange.size(), requests.size(), requests.size() - distinct, seconds(System.nanoTime() - started));
        assertThat(officeSystem.violations()).as("requests the webhook refused (signature, shape)").isEmpty();
        assertThat(deliveryIdsOfChange.values()).as("delivery ids per alert change").allMatch(ids -> ids.size() == 1);
        assertThat(call("notification-service", "supervisor", "GET", "/deliveries?state=FAILED&size=1", null)
                .json.path("total").asLong()).as("failed deliveries").isZero();
        awaitTrue(Duration.ofSeconds(60), "no delivery still owed", () -> call("notification-service", "supervisor", "GET",
                "/deliveries?state=PENDING&size=1", null).json.path("total").asLong() == 0);
    }

    /** Where a read_committed reader of the topic would end now, per partition. */
    static Map<TopicPartition, Long> committedEnd(String topic) {
        try (KafkaConsumer<String, String> consumer = committedReader()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    /** The event ids of the topic's records from the given offsets to its (committed) end now. */
    static Set<String> eventIdsFrom(String topic, Map<TopicPartition, Long> from) {
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = committedReader()) {
            Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet());
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (from.keySet().stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < until) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        ids.add(JSON.readTree(record.value()).path("eventId").asText());
                    } catch (IOException e) {
                        throw new AssertionError("unreadable record on " + topic + " at " + record.offset(), e);
                    }
                }
            }
        }
        return ids;
    }

    static KafkaConsumer<String, String> committedReader() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    @Test
    @Order(5)
    void postgresRestartedAnswers503WhileDownAndRecoversWithoutRestartingTheServices() throws Exception {
        Map<String, String> writes = Map.of(
                "project-service", "/projects/" + projects.get(1) + "/funding",
                "progress-service", "/projects/" + projects.get(1) + "/reports/2024-11",
                "notification-service", "/alerts/1/acknowledgement");
        cluster.stop();
        long stopped = System.nanoTime();
        Map<String, Answer> whileDown = new LinkedHashMap<>();
        for (String service : ServiceStack.SERVICES) {
            String role = service.equals("progress-service") ? "lead-unit" : service.equals("project-service") ? "planner" : "supervisor";
            Object body = switch (service) {
                case "project-service" -> Map.of("totalInvestment", 100, "annualPlan", 100,
                        "split", Map.of("central", 100, "regional", 0, "local", 0));
                case "progress-service" -> report(projects.get(1), 99);
                default -> Map.of("note", "数据库停机期间");
            };
            whileDown.put(service, call(service, role, service.equals("project-service") ? "PUT"
                    : service.equals("progress-service") ? "PUT" : "POST", writes.get(service), body));
        }
        double down = seconds(System.nanoTime() - stopped);
        cluster.resume();
        long resumed = System.nanoTime();
        Map<String, Double> recovered = new LinkedHashMap<>();
        for (String service : ServiceStack.SERVICES) {
            String read = switch (service) {
                case "project-service" -> "/projects/" + projects.get(1);
                case "progress-service" -> "/projects/" + projects.get(1) + "/reports";
                default -> "/alerts?size=1";
            };
            awaitTrue(Duration.ofSeconds(120), service + " answering again", () ->
                    call(service, "supervisor", "GET", read, null).status == 200);
            recovered.put(service, seconds(System.nanoTime() - resumed));
        }
        Load after = submit(pairs(List.of("2024-11")), 79, 79);
        awaitDelivered(Duration.ofSeconds(120));
        System.out.printf("[fault] PostgreSQL restart: answers while down %s (%.1f s down); reads answered again after %s s; "
                        + "%d of 79 submissions accepted after recovery and delivered%n",
                whileDown.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().status + " "
                        + e.getValue().contentType)), down, recovered, after.accepted);
        whileDown.forEach((service, answer) -> {
            assertThat(answer.status).as(service + " while the database is down").isEqualTo(503);
            assertThat(answer.contentType).as(service).startsWith("application/problem+json");
            assertThat(answer.json.path("status").asInt()).isEqualTo(503);
        });
        assertThat(after.accepted).isEqualTo(79);
    }

    // ---- load ----------------------------------------------------------------------------------------------

    record Load(int sent, int accepted, int refused, int unanswered) {
    }

    /**
     * Sends n submissions in batches, cycling over the (project, period) pairs; every one after the first is a
     * correction. "unanswered" counts items sent again because their batch got no answer.
     */
    static Load submit(List<String> pairs, int n, int batchSize) {
        int sent = 0;
        int ok = 0;
        int refused = 0;
        int unanswered = 0;
        while (sent < n) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < batchSize && sent + i < n; i++) {
                int seq = sequence.getAndIncrement();
                String[] pair = pairs.get(seq % pairs.size()).split("\\|");
                items.add(Map.of("projectId", pair[0], "period", pair[1], "report", report(pair[0], seq)));
            }
            sent += items.size();
            Answer answer = call("progress-service", "lead-unit", "POST", "/reports/batch", Map.of("items", items));
            // A client retries what got no answer (the service killed, restarting): the same items, as corrections.
            for (int attempt = 0; answer.status != 200 && attempt < 180; attempt++) {
                unanswered += items.size();
                sleep(1000);
                answer = call("progress-service", "lead-unit", "POST", "/reports/batch", Map.of("items", items));
            }
            assertThat(answer.status).as("a batch answered within three minutes of retries").isEqualTo(200);
            for (JsonNode result : answer.json.path("results")) {
                int status = result.path("status").asInt();
                if (status == 200 || status == 201) {
                    ok++;
                    accepted.add(result.path("projectId").asText() + "|" + result.path("period").asText() + "|"
                            + result.path("report").path("latestVersion").asInt());
                } else {
                    refused++;
                }
            }
        }
        return new Load(sent, ok, refused, unanswered);
    }

    static Map<String, Object> report(String project, int seq) {
        Map<String, Object> report = new HashMap<>();
        report.put("progressPercent", seq % 101);
        report.put("completed", Map.of("central", 1000 + seq, "regional", 0, "local", 0));
        report.put("fundsReceived", Map.of("central", 1000 + seq, "regional", 0, "local", 0));
        report.put("progressNarrative", "故障测试第" + seq + "次报送：" + project);
        report.put("submittedBy", "测试员");
        report.put("contact", "0777-0000000");
        // Given on every submission, so corrections (and lower figures) are accepted in any order.
        report.put("correctionReason", "故障测试更正" + seq);
        return report;
    }

    static List<String> pairs(List<String> months) {
        List<String> pairs = new ArrayList<>();
        for (String month : months) {
            projects.forEach(p -> pairs.add(p + "|" + month));
        }
        return pairs;
    }

    // ---- checks --------------------------------------------------------------------------------------------

    /** Every accepted submission's event is on the progress topic, exactly one event id per report version. */
    static void awaitDelivered(Duration timeout) {
        awaitTrue(timeout, "every accepted submission's event on " + PROGRESS_TOPIC, () -> {
            Set<String> seen = progressEvents.poll(Duration.ofSeconds(1)).stream()
                    .map(e -> e.path("payload").path("projectId").asText() + "|" + e.path("payload").path("period").asText()
                            + "|" + e.path("payload").path("version").asInt())
                    .collect(Collectors.toSet());
            return seen.containsAll(accepted);
        });
        Map<String, Set<String>> eventIds = new HashMap<>();
        for (JsonNode e : progressEvents.poll(Duration.ofMillis(500))) {
            eventIds.computeIfAbsent(e.path("payload").path("projectId").asText() + "|" + e.path("payload").path("period").asText()
                    + "|" + e.path("payload").path("version").asInt(), k -> new HashSet<>()).add(e.path("eventId").asText());
        }
        assertThat(eventIds.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList())
                .as("report versions announced by two different events").isEmpty();
    }

    /**
     * Every committed change (report version, as progress-service lists them) is on the progress topic exactly
     * once, and no event id appears twice on any topic, as a new reader reading as event-contracts says
     * (read_committed, from the beginning) finds them. A new reader, because a long-lived one may be sent back to
     * the start of a partition after the broker's unclean restart and read it again, which says nothing about
     * the topic. Prints: accepted (answered 200/201 so far), committed, records, distinct changes, duplicated, and
     * for comparison what a read_uncommitted reader counts (the records of aborted relay transactions too).
     */
    static void assertEachChangeOnceOnTheTopics(String fault) {
        long committed = committedChanges();
        awaitTrue(Duration.ofSeconds(120), "the " + committed + " committed changes on " + PROGRESS_TOPIC, () ->
                progressEvents.poll(Duration.ofSeconds(1)).stream().map(FaultToleranceEndToEndTest::change)
                        .collect(Collectors.toSet()).size() >= committed);
        Read progress = readAfresh(PROGRESS_TOPIC, "read_committed", (int) committed);
        Read alerts = readAfresh(ALERT_TOPIC, "read_committed", 1);
        Read projectTopic = readAfresh(PROJECT_TOPIC, "read_committed", 1);
        Read uncommitted = readAfresh(PROGRESS_TOPIC, "read_uncommitted", (int) committed);
        System.out.printf("[fault] %s: %d accepted, %d committed changes; %s read_committed: %d records, %d distinct "
                        + "changes, %d duplicated (same event id again); duplicated on %s: %d, on %s: %d; "
                        + "read_uncommitted (against the contract): %d records, %d duplicated%n",
                fault, accepted.size(), committed, PROGRESS_TOPIC, progress.records, progress.changes.size(),
                progress.duplicated, ALERT_TOPIC, alerts.duplicated, PROJECT_TOPIC, projectTopic.duplicated,
                uncommitted.records, uncommitted.duplicated);
        assertThat(progress.changes).as("accepted changes on the topic").containsAll(accepted);
        assertThat(progress.changes).as("distinct changes on the topic").hasSize((int) committed);
        assertThat(progress.duplicated).as("records on " + PROGRESS_TOPIC + " repeating an event id").isZero();
        assertThat(progress.records).as("records on " + PROGRESS_TOPIC).isEqualTo(committed);
        assertThat(alerts.duplicated).as("records on " + ALERT_TOPIC + " repeating an event id").isZero();
        assertThat(projectTopic.duplicated).as("records on " + PROJECT_TOPIC + " repeating an event id").isZero();
    }

    record Read(int records, Set<String> changes, int duplicated) {
    }

    /** A topic read from the beginning by a new reader, until the count stops growing (at most 30 s). */
    static Read readAfresh(String topic, String isolationLevel, int expected) {
        try (TopicTally reader = new TopicTally(stack.bootstrapServers(), topic, isolationLevel)) {
            int before = -1;
            List<JsonNode> read = List.of();
            for (long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                 System.nanoTime() < until && (read.size() < expected || read.size() != before); ) {
                before = read.size();
                read = reader.poll(Duration.ofSeconds(2));
            }
            return new Read(read.size(), read.stream().map(FaultToleranceEndToEndTest::change).collect(Collectors.toSet()),
                    reader.duplicatedEventIds());
        }
    }

    /** Report versions committed, as progress-service lists them: each one's event must be on the topic once. */
    static long committedChanges() {
        long versions = 0;
        for (String project : projects) {
            Answer answer = call("progress-service", "supervisor", "GET", "/projects/" + project + "/reports", null);
            assertThat(answer.status).as("reports of " + project).isEqualTo(200);
            for (JsonNode report : answer.json) {
                versions += report.path("latestVersion").asInt();
            }
        }
        return versions;
    }

    static String change(JsonNode event) {
        return event.path("payload").path("projectId").asText() + "|" + event.path("payload").path("period").asText()
                + "|" + event.path("payload").path("version").asInt();
    }

    record AlertTally(int alerts, int redelivered) {
    }

    /**
     * The feed and the topic agree: each alert in the feed was raised by exactly one event (a redelivered copy
     * has the same event id, which consumers drop), and no event raised an alert the feed does not have. Both are
     * read again until they agree, since the consumer may still be applying the last reports (raising alerts).
     */
    static AlertTally assertEachAlertRaisedOnce() {
        Set<Long> inFeed = new HashSet<>();
        Map<String, Integer> open = new HashMap<>();
        Map<Long, Set<String>> raisedBy = new HashMap<>();
        int[] copies = {0};
        awaitTrue(Duration.ofSeconds(120), "the alerts of the feed and the alerts raised on " + ALERT_TOPIC + " agree", () -> {
            inFeed.clear();
            open.clear();
            for (int page = 0; ; page++) {
                JsonNode answer = call("notification-service", "supervisor", "GET", "/alerts?size=500&page=" + page, null).json;
                answer.path("items").forEach(a -> {
                    inFeed.add(a.path("id").asLong());
                    if (!a.path("state").asText().equals("RESOLVED")) {
                        open.merge(a.path("rule").asText() + "|" + a.path("subjectId").asText() + "|" + a.path("period").asText(), 1, Integer::sum);
                    }
                });
                if ((page + 1) * 500L >= answer.path("total").asLong()) {
                    break;
                }
            }
            raisedBy.clear();
            copies[0] = 0;
            for (JsonNode e : alertEvents.poll(Duration.ofSeconds(1))) {
                if (e.path("type").asText().equals("AlertRaised")) {
                    if (!raisedBy.computeIfAbsent(e.path("payload").path("id").asLong(), k -> new HashSet<>()).add(e.path("eventId").asText())) {
                        copies[0]++;
                    }
                }
            }
            return raisedBy.keySet().equals(inFeed);
        });
        assertThat(open.values()).as("open alerts per rule, subject and period").allMatch(n -> n == 1);
        assertThat(raisedBy.values()).as("events raising the same alert").allMatch(ids -> ids.size() == 1);
        return new AlertTally(inFeed.size(), copies[0]);
    }

    static long alertTotal(String rule, String state) {
        Answer answer = call("notification-service", "supervisor", "GET", "/alerts?size=1&leadUnit=" + UNIT + "&rule=" + rule
                + (state == null ? "" : "&state=" + state), null);
        return answer.status == 200 ? answer.json.path("total").asLong() : -1;
    }

    // ---- HTTP ----------------------------------------------------------------------------------------------

    record Answer(int status, String contentType, JsonNode json) {
    }

    static Answer call(String service, String role, String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url(service) + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + Tokens.forRole(role, role.equals("lead-unit") ? UNIT : null))
                    .header("Accept", "application/json")
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
            } catch (IOException e) {
                json = JSON.createObjectNode();
            }
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json);
        } catch (IOException e) {
            return new Answer(-1, "", JSON.createObjectNode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void awaitTrue(Duration timeout, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            sleep(500);
        }
    }

    static void sleepUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            sleep(left / 1_000_000);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
