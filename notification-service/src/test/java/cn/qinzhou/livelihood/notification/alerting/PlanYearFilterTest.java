package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.notification.Events;
import cn.qinzhou.livelihood.notification.PlanYear2025;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.SseClient;
import cn.qinzhou.livelihood.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;

/** {@code ?year=} on the alert list and stream: the alerts on the periods of one plan year's reporting window. */
@QuarkusTest
class PlanYearFilterTest extends PlanYear2025 {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    @TestHTTPResource("/alerts/stream")
    URL stream;

    @Test
    void theListNarrowsToAPlanYearsPeriods() {
        Events.projectOfYear(2025, "PYF-LIST", "pyf-list");
        Events.awaitTracked("PYF-LIST");
        // January's report was due Wednesday 5 February 2025, a working day.
        clock.moveTo(at("2025-02-10T10:00:00+08:00"));
        sweep.run();

        RestApi.as(Roles.SUPERVISOR, null).queryParam("leadUnit", "pyf-list").queryParam("year", 2025).when().get("/alerts")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].period", equalTo("2025-01"));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("leadUnit", "pyf-list").queryParam("year", 2024).when().get("/alerts")
                .then().statusCode(200).body("total", equalTo(0));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("year", 2024).queryParam("size", 500).when().get("/alerts")
                .then().statusCode(200).body("items.period", everyItem(startsWith("2024-")));
    }

    @Test
    void aYearThatIsNoPlanYearIsRefusedNamingTheYearsThereAre() throws Exception {
        for (String year : new String[] {"2031", "二〇二五"}) {
            RestApi.as(Roles.SUPERVISOR, null).queryParam("year", year).when().get("/alerts")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("violations[0].field", equalTo("year"))
                    .body("violations[0].message", containsString("2024 (2024-08 to 2024-12)"))
                    .body("violations[0].message", containsString("2025 (2025-01 to 2025-12)"));
        }
        try (SseClient bad = SseClient.open(stream + "?year=2031", Tokens.forRole(Roles.SUPERVISOR, null), Map.of())) {
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.errorBody()).contains("\"field\":\"year\"").contains("2024 (2024-08 to 2024-12)");
        }
    }

    @Test
    void theStreamOfAPlanYearCarriesOnlyTheChangesOnItsPeriods() throws Exception {
        Events.projectOfYear(2025, "PYF-SSE", "pyf-sse");
        Events.project("PYF-SSE-24", "pyf-sse", "ACTIVE", "36600");
        Events.awaitTracked("PYF-SSE");
        Events.awaitTracked("PYF-SSE-24");
        try (SseClient of2025 = SseClient.open(stream + "?year=2025", Tokens.forRole(Roles.SUPERVISOR, null), Map.of())) {
            of2025.await(e -> e.name().equals("position"), PATIENCE);
            // A 2024 change first (slow progress on September 2024: 10 % done at 74.86 % of the year), then a 2025 one.
            Events.report("PYF-SSE-24", "pyf-sse", "2024-09", 1, Instant.parse("2024-10-02T01:00:00Z"), "10", "3660", "36600");
            await().atMost(PATIENCE).until(() -> !Events.alertsOf("PYF-SSE-24", Alert.Rule.SLOW_PROGRESS).isEmpty());
            clock.moveTo(at("2025-02-10T10:00:00+08:00"));
            sweep.run();

            of2025.await(e -> e.data().contains("PYF-SSE") && e.json().path("period").asText().equals("2025-01"), PATIENCE);
            assertThat(of2025.live()).noneMatch(e -> e.data().contains("PYF-SSE-24"))
                    .allSatisfy(e -> assertThat(e.json().path("period").asText()).startsWith("2025-"));
        }
        try (SseClient snapshot = SseClient.open(stream + "?snapshot=open&year=2024", Tokens.forRole(Roles.SUPERVISOR, null), Map.of())) {
            snapshot.await(e -> e.name().equals("position"), PATIENCE);
            assertThat(snapshot.events()).filteredOn(e -> e.name().equals("snapshot"))
                    .anySatisfy(e -> assertThat(e.data()).contains("PYF-SSE-24"))
                    .allSatisfy(e -> assertThat(e.json().path("period").asText()).startsWith("2024-"));
        }
    }
}
