package cn.qinzhou.livelihood.progress.fault;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.RealInfrastructure;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static cn.qinzhou.livelihood.progress.fault.ConsumerRestartTest.check;
import static cn.qinzhou.livelihood.progress.fault.ConsumerRestartTest.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A report accepted while its event cannot reach Kafka makes the service not ready once the event is older than
 * livelihood.outbox.max-age-ready (5 s in tests), with the reason; the event goes out when the broker is back and
 * readiness is UP again.
 */
@QuarkusTest
class OutboxAgeReadinessTest {

    static final String OUTBOX = "Outbox relay";

    @Test
    void anEventStuckInTheOutboxMakesTheServiceNotReadyUntilItIsPublished() {
        ProjectEvents.publishKnown("OUTBOX-AGE-1", "outbox-unit", 5, "ACTIVE", "100");
        await().atMost(Duration.ofSeconds(60)).until(() -> ready().statusCode() == 200);
        AtomicReference<JsonPath> whileDown = new AtomicReference<>();
        RealInfrastructure.broker().stop();
        try {
            Reports.submit("outbox-unit", "OUTBOX-AGE-1", "2024-08", Reports.body("30", "30")).statusCode(201);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Response ready = ready();
                whileDown.set(ready.jsonPath());
                return ready.statusCode() == 503 && "DOWN".equals(check(ready.jsonPath(), OUTBOX, "status"));
            });
        } finally {
            RealInfrastructure.broker().start();
        }
        assertThat((String) check(whileDown.get(), OUTBOX, "data.reason"))
                .contains("the oldest unpublished event is").contains("events are not reaching Kafka");
        assertThat((Integer) check(whileDown.get(), OUTBOX, "data.pending")).isPositive();

        TopicProbe.await(Topics.PROGRESS_EVENTS, seen -> "OUTBOX-AGE-1".equals(seen.key()), 1, Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(60)).until(() -> ready().statusCode() == 200);
        assertThat(check(ready().jsonPath(), OUTBOX, "data.pending")).isEqualTo(0);
    }
}
