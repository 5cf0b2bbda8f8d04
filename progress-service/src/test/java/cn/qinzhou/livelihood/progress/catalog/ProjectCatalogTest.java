package cn.qinzhou.livelihood.progress.catalog;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The catalog is fed only by livelihood.project.events, idempotently, and survives poison messages. */
@QuarkusTest
class ProjectCatalogTest {

    @Test
    void replayedAndOutOfOrderEventsChangeNothing() {
        Instant now = Instant.now();
        UUID cancelled = UUID.randomUUID();
        ProjectEvents.publish(UUID.randomUUID(), now.minusSeconds(60), "CAT-1", "cat-unit", 5, "ACTIVE", "100");
        ProjectEvents.publish(cancelled, now, "CAT-1", "cat-unit", 5, "CANCELLED", "100");
        // The same cancellation again, and an older event replayed after it.
        ProjectEvents.publish(cancelled, now, "CAT-1", "cat-unit", 5, "CANCELLED", "100");
        ProjectEvents.publish(UUID.randomUUID(), now.minusSeconds(30), "CAT-1", "cat-unit", 5, "ACTIVE", "100");
        ProjectEvents.publishKnown("CAT-MARK", "cat-unit", 5, "ACTIVE", "100");
        Reports.submit("cat-unit", "CAT-1", "2024-08", Reports.body("10", "10"))
                .statusCode(409).body("detail", org.hamcrest.Matchers.containsString("CANCELLED"));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("period", "2024-08").when().get("/reporting-status")
                .then().statusCode(200)
                .body("byLeadUnit.find { it.key == 'cat-unit' }.counts.expected", equalTo(1));
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndLaterMessagesAreStillApplied() {
        TopicProbe.send(Topics.PROJECT_EVENTS, "CAT-POISON", "{not json at all");
        TopicProbe.send(Topics.PROJECT_EVENTS, "CAT-POISON", """
                {"eventId": "%s", "type": "ProjectRegistered", "schemaVersion": 1, "occurredAt": "2024-09-01T00:00:00Z",
                 "aggregateId": "CAT-POISON", "payload": {"project": {"name": "没有编号"}}}""".formatted(UUID.randomUUID()));
        ProjectEvents.publishKnown("CAT-2", "cat-unit", 5, "ACTIVE", "100");
        List<TopicProbe.Seen> dead = TopicProbe.await(Topics.deadLetterOf(Topics.PROJECT_EVENTS, ProjectCatalog.CONSUMER_GROUP),
                s -> "CAT-POISON".equals(s.key()), 2, Duration.ofSeconds(30));
        assertThat(dead).extracting(s -> s.headers().get("dlt-reason")).allSatisfy(reason -> assertThat(reason).isNotBlank());
        assertThat(dead.get(0).headers()).containsEntry("dlt-original-topic", Topics.PROJECT_EVENTS);
    }

    @Test
    void aLeadUnitChangeReachesTheCatalog() {
        ProjectEvents.publishKnown("CAT-3", "cat-old", 5, "ACTIVE", "100");
        ProjectEvents.publish("CAT-3", "cat-new", 5, "ACTIVE", "100");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                RestApi.as(Roles.LEAD_UNIT, "cat-new").when().get("/projects/CAT-3/reports").statusCode() == 200);
        RestApi.as(Roles.LEAD_UNIT, "cat-old").when().get("/projects/CAT-3/reports").then().statusCode(403);
    }
}
