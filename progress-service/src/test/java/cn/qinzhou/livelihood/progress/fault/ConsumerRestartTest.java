package cn.qinzhou.livelihood.progress.fault;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.progress.catalog.ProjectCatalog;
import cn.qinzhou.livelihood.testsupport.RealInfrastructure;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer loop that cannot go on (its offset commit unanswered while the broker hangs, right after a
 * dead-letter publish failed) restarts instead of ending; readiness says why while it cannot consume, and is
 * UP again once it consumes, which it then does.
 */
@QuarkusTest
class ConsumerRestartTest {

    static final String CONSUMERS = "Kafka consumers";

    @Test
    void aConsumerThatFailsIsNotReadyWithItsReasonRestartsAndConsumesAgain() {
        await().atMost(Duration.ofSeconds(60)).until(() -> ready().statusCode() == 200);
        Instant now = Instant.now();
        // One poll brings both: the first is applied, the second fails (its plan overflows the catalog's column)
        // and is retried for some seconds before it would go to the dead-letter topic.
        TopicProbe.sendTogether(Topics.PROJECT_EVENTS, "RESTART-1", List.of(
                ProjectEvents.envelope(UUID.randomUUID(), now.minusSeconds(1), "RESTART-1", "restart-unit", 5, "ACTIVE", "100"),
                ProjectEvents.envelope(UUID.randomUUID(), now, "RESTART-1", "restart-unit", 5, "ACTIVE", "100000000000000000000")));
        Reports.awaitKnown("RESTART-1", "restart-unit");

        // The broker hangs while the failing event is retried: its dead letter cannot be published, and the offset
        // commit of the event applied before it is not answered.
        AtomicReference<JsonPath> whileDown = new AtomicReference<>();
        RealInfrastructure.broker().hang();
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Response ready = ready();
                JsonPath body = ready.jsonPath();
                whileDown.set(body);
                return ready.statusCode() == 503 && "DOWN".equals(check(body, CONSUMERS, "status"))
                        && String.valueOf(check(body, CONSUMERS, "data.reason")).contains("restarting");
            });
        } finally {
            RealInfrastructure.broker().resume();
        }
        assertThat((String) check(whileDown.get(), CONSUMERS, "data.reason"))
                .contains("consumer group " + ProjectCatalog.CONSUMER_GROUP + " is not consuming: restarting after");
        assertThat((Integer) check(whileDown.get(), CONSUMERS, "data.'" + ProjectCatalog.CONSUMER_GROUP + ".restarts'"))
                .isPositive();

        // Back: the restarted loop dead-letters the failing event, applies what comes next, and readiness is UP.
        TopicProbe.await(Topics.deadLetterOf(Topics.PROJECT_EVENTS, ProjectCatalog.CONSUMER_GROUP),
                seen -> "RESTART-1".equals(seen.key()), 1, Duration.ofSeconds(90));
        ProjectEvents.publishKnown("RESTART-2", "restart-unit", 5, "ACTIVE", "100");
        await().atMost(Duration.ofSeconds(60)).until(() -> ready().statusCode() == 200);
        assertThat(check(ready().jsonPath(), CONSUMERS, "data.'" + ProjectCatalog.CONSUMER_GROUP + "'")).isEqualTo("consuming");
    }

    static Response ready() {
        return RestAssured.given().when().get("/q/health/ready");
    }

    static Object check(JsonPath body, String name, String path) {
        return body.get("checks.find { it.name == '" + name + "' }." + path);
    }
}
