package cn.qinzhou.livelihood.project.topics;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RealInfrastructure;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The project topic lets a reader that starts long after the events rebuild the whole catalog: it is compacted by
 * project id (the broker keeps at least the newest event of each project), and every project event carries the
 * whole project. Compaction is forced here (the broker would otherwise wait min.compaction.lag.ms, 7 days), so
 * this class runs last on a broker and database of its own (its own profile): the other classes read the topic's
 * full history.
 */
@QuarkusTest
@TestProfile(ProjectTopicRetentionTest.OwnBroker.class)
@Order(Integer.MAX_VALUE) // after the classes of the default profile: one restart, not two
class ProjectTopicRetentionTest {

    /** A profile of its own only to get a fresh broker and database (Quarkus restarts the test resources). */
    public static class OwnBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("livelihood.outbox.relay.poll-interval", "PT0.2S");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOT = "P0101";
    private static final int UPDATES = 30;

    @Test
    void theServiceGivesEachEventTopicItsContractsRetention() throws Exception {
        try (Admin admin = admin()) {
            List<ConfigResource> resources = Topics.EVENT_TOPICS.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> admin.listTopics().names()
                    .get(30, TimeUnit.SECONDS).containsAll(Topics.EVENT_TOPICS));
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            Config project = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, Topics.PROJECT_EVENTS));
            assertThat(project.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(project.get("min.compaction.lag.ms").value()).isEqualTo("604800000");
            assertThat(project.get("delete.retention.ms").value()).isEqualTo("86400000");
            for (String timed : List.of(Topics.PROGRESS_EVENTS, Topics.ALERT_EVENTS)) {
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, timed));
                assertThat(config.get("cleanup.policy").value()).as(timed).isEqualTo("delete");
                assertThat(config.get("retention.ms").value()).as(timed).isEqualTo("2592000000");
            }
        }
    }

    @Test
    void aReaderStartedAfterManyChangesAndACompactionRebuildsEveryProjectAsItStands() throws Exception {
        // Every seeded project was announced once; then one project changes many times and another changes lead unit.
        TopicProbe.await(Topics.PROJECT_EVENTS, seen -> seen.value().path("type").asText().equals("ProjectRegistered"),
                79, Duration.ofSeconds(90));
        for (int i = 1; i <= UPDATES; i++) {
            changeFunding(HOT, 5_000_000 + i * 1_000);
        }
        RestApi.as(Roles.PLANNER, null).body(Map.of("id", "rt-unit", "name", "保留测试单位")).when().post("/lead-units")
                .then().statusCode(201);
        RestApi.as(Roles.PLANNER, null).body(Map.of("leadUnitId", "rt-unit")).when().put("/projects/P0102/lead-unit")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> recordsOf(HOT) == UPDATES + 1);

        try (Admin admin = admin()) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.PROJECT_EVENTS);
            // What the broker does after 7 days, now: a segment is rolled after a second and cleaned at once.
            alter(admin, topic, Map.of("min.compaction.lag.ms", "0", "segment.ms", "1000",
                    "min.cleanable.dirty.ratio", "0.01"));
            try {
                Thread.sleep(1_500);
                changeFunding(HOT, 5_000_000 + (UPDATES + 1) * 1_000); // the append that rolls the hot partition's segment
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
                        .until(() -> recordsOf(HOT) <= 2);
            } finally {
                alter(admin, topic, Topics.configOf(Topics.PROJECT_EVENTS));
                admin.incrementalAlterConfigs(Map.of(topic, List.of(
                        new AlterConfigOp(new ConfigEntry("segment.ms", ""), AlterConfigOp.OpType.DELETE),
                        new AlterConfigOp(new ConfigEntry("min.cleanable.dirty.ratio", ""), AlterConfigOp.OpType.DELETE))))
                        .all().get(30, TimeUnit.SECONDS);
            }
        }

        Map<String, JsonNode> rebuilt = lastRecordOfEachKey();
        List<Map<String, Object>> registry = RestApi.as(Roles.PLANNER, null).queryParam("size", 500).when().get("/projects")
                .then().statusCode(200).extract().path("items");
        assertThat(registry).hasSize(79);
        assertThat(rebuilt.keySet()).isEqualTo(registry.stream().map(p -> (String) p.get("id")).collect(Collectors.toSet()));
        for (Map<String, Object> project : registry) {
            JsonNode copy = rebuilt.get((String) project.get("id")).path("payload").path("project");
            assertThat(copy.path("leadUnitId").isNull() ? null : copy.path("leadUnitId").asText()).as("%s", project.get("id"))
                    .isEqualTo(project.get("leadUnitId"));
            assertThat(copy.path("status").asText()).isEqualTo(project.get("status"));
            Map<?, ?> plan = (Map<?, ?>) project.get("plan");
            if (plan == null) {
                assertThat(copy.path("plan").isNull()).as("%s has no plan", project.get("id")).isTrue();
            } else {
                assertThat(copy.path("plan").path("annualPlan").decimalValue()).as("%s", project.get("id"))
                        .isEqualByComparingTo(new BigDecimal(plan.get("annualPlan").toString()));
            }
        }
        assertThat(rebuilt.get(HOT).path("payload").path("project").path("plan").path("annualPlan").decimalValue())
                .isEqualByComparingTo(BigDecimal.valueOf(5_000_000 + (UPDATES + 1) * 1_000));
        assertThat(rebuilt.get("P0102").path("payload").path("project").path("leadUnitId").asText()).isEqualTo("rt-unit");
    }

    private static void changeFunding(String project, long annualPlan) {
        RestApi.as(Roles.PLANNER, null).body(Map.of("totalInvestment", 20_000_000, "annualPlan", annualPlan,
                        "split", Map.of("central", annualPlan - 2_000_000, "regional", 1_000_000, "local", 1_000_000)))
                .when().put("/projects/" + project + "/funding")
                .then().statusCode(200);
    }

    private static long recordsOf(String key) {
        return readAll().stream().filter(r -> key.equals(r.key())).count();
    }

    /** The catalog as a reader rebuilds it: the newest record of each key, the one compaction always keeps. */
    private static Map<String, JsonNode> lastRecordOfEachKey() throws Exception {
        Map<String, JsonNode> last = new HashMap<>();
        for (ConsumerRecord<String, String> record : readAll()) {
            last.put(record.key(), JSON.readTree(record.value()));
        }
        return last;
    }

    /** Everything on the topic, read by a consumer group that never read it before. */
    private static List<ConsumerRecord<String, String>> readAll() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.broker().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "catalog-rebuild-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(Topics.PROJECT_EVENTS));
            Instant deadline = Instant.now().plusSeconds(60);
            Map<TopicPartition, Long> end = null;
            while (Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
                Set<TopicPartition> assigned = consumer.assignment();
                if (assigned.isEmpty()) {
                    continue;
                }
                if (end == null) {
                    end = consumer.endOffsets(assigned);
                }
                Map<TopicPartition, Long> target = end;
                if (assigned.stream().allMatch(p -> consumer.position(p) >= target.getOrDefault(p, 0L))) {
                    return records;
                }
            }
        }
        throw new AssertionError("the project topic could not be read to its end within 60 s");
    }

    private static void alter(Admin admin, ConfigResource topic, Map<String, String> settings) throws Exception {
        admin.incrementalAlterConfigs(Map.of(topic, settings.entrySet().stream()
                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                .toList())).all().get(30, TimeUnit.SECONDS);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.broker().bootstrapServers()));
    }
}
