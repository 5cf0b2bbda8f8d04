package cn.qinzhou.livelihood.platform.topics;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.kafka.KafkaClientSettings;
import cn.qinzhou.livelihood.testsupport.LocalKafkaBroker;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a real broker where one event topic was made earlier with the broker's plain time retention (as a consumer's
 * auto-creation makes it), the check creates every missing topic with its contract's settings, corrects the one
 * that exists, says what it changed, and on a second run finds nothing to change.
 */
class EventTopicsTest {

    private static LocalKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new LocalKafkaBroker();
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void createsTheMissingTopicsWithTheirContractsSettingsAndCorrectsOneMadeWithOthers() throws Exception {
        KafkaClientSettings settings = KafkaClientSettings.from(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("kafka.bootstrap.servers", broker.bootstrapServers()), "test", 100))
                .build());
        try (Admin admin = Admin.create(settings.map())) {
            admin.createTopics(List.of(new NewTopic(Topics.PROJECT_EVENTS, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        EventTopics topics = new EventTopics(settings, true, Duration.ofSeconds(30));

        List<String> changed = topics.ensure(Topics.EVENT_TOPICS);

        assertThat(changed).hasSize(Topics.EVENT_TOPICS.size());
        assertThat(changed).filteredOn(change -> change.endsWith(" created")).hasSize(Topics.EVENT_TOPICS.size() - 1)
                .noneMatch(change -> change.startsWith(Topics.PROJECT_EVENTS));
        assertThat(changed).filteredOn(change -> change.startsWith(Topics.PROJECT_EVENTS + " set "))
                .singleElement().asString().contains("cleanup.policy=compact");
        List<ConfigResource> resources = Topics.EVENT_TOPICS.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        try (Admin admin = Admin.create(settings.map())) {
            // The broker applies an alteration shortly after it answered it: its description may show the old values a moment.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
                for (ConfigResource resource : resources) {
                    Topics.configOf(resource.name()).forEach((name, wanted) -> assertThat(configs.get(resource).get(name).value())
                            .as(resource.name() + " " + name).isEqualTo(wanted));
                }
            });
        }
        assertThat(topics.ensure(Topics.EVENT_TOPICS)).isEmpty();
    }
}
