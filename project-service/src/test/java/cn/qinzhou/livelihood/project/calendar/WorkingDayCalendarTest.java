package cn.qinzhou.livelihood.project.calendar;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * The working-day calendar: the State Council's holiday file imported (the copy committed under deploy/seed),
 * days set and removed one by one, each change announced with its year's full list. Each test uses years of
 * its own (2024-2025 the file, 2030 and 2031 the others), so their events do not mix.
 */
@QuarkusTest
class WorkingDayCalendarTest {

    static final Path HOLIDAY_FILE = Path.of("../deploy/seed/cn-public-holidays-2024-2025.csv");

    @Inject
    DataSource dataSource;

    @Test
    void importingTheHolidayFileShowsItsDaysAndAnnouncesEachYearWithAllItsDaysAndAReimportChangesNothing() throws Exception {
        byte[] file = Files.readAllBytes(HOLIDAY_FILE);
        long yearsInFile2024 = Files.readAllLines(HOLIDAY_FILE).stream().filter(l -> l.startsWith("2024-")).count();

        RestApi.as(Roles.PLANNER, null).contentType("text/csv; charset=UTF-8").body(file).when().post("/working-days/import")
                .then().statusCode(200)
                .body("rows", equalTo(69))
                .body("daysChanged", equalTo(69))
                .body("yearsChanged", equalTo(List.of(2024, 2025)));

        RestApi.as(Roles.LEAD_UNIT, "qz-jyj").queryParam("year", 2024).when().get("/working-days")
                .then().statusCode(200)
                .body("size()", equalTo((int) yearsInFile2024))
                .body("[0].date", equalTo("2024-01-01"))
                .body("find { it.date == '2024-10-01' }.kind", equalTo("HOLIDAY"))
                .body("find { it.date == '2024-10-01' }.name", equalTo("国庆节"))
                .body("find { it.date == '2024-10-12' }.kind", equalTo("WORKDAY"))
                .body("find { it.date == '2024-10-12' }.name", equalTo("国庆节调休上班"));

        List<TopicProbe.Seen> events = TopicProbe.await(Topics.WORKING_CALENDAR_EVENTS,
                seen -> seen.key().equals("2024"), 1, Duration.ofSeconds(30));
        assertThat(events).hasSize(1);
        JsonNode event = events.get(0).value();
        assertThat(event.path("type").asText()).isEqualTo("WorkingDaysChanged");
        assertThat(event.path("aggregateId").asText()).isEqualTo("2024");
        assertThat(event.path("payload").path("year").asInt()).isEqualTo(2024);
        JsonNode days = event.path("payload").path("days");
        assertThat(days).hasSize((int) yearsInFile2024);
        assertThat(days.get(0).path("date").asText()).isEqualTo("2024-01-01");
        assertThat(days.findValuesAsText("date")).contains("2024-10-01", "2024-10-12");

        long outboxBefore = calendarEventsInOutbox();
        RestApi.as(Roles.OPERATOR, null).contentType("text/csv").body(file).when().post("/working-days/import")
                .then().statusCode(200)
                .body("rows", equalTo(69))
                .body("daysChanged", equalTo(0))
                .body("yearsChanged", equalTo(List.of()));
        assertThat(calendarEventsInOutbox()).isEqualTo(outboxBefore);
    }

    @Test
    void aBadLineIsRefusedNamingTheLineAndTheRuleAndNothingIsStored() throws Exception {
        String file = """
                # a holiday file with two bad lines among good ones
                date,kind,name
                2031-01-01,HOLIDAY,元旦
                2031-03-03,WORKDAY,周一调休
                2031-05-01,DAY_OFF,劳动节
                """;
        long outboxBefore = calendarEventsInOutbox();
        RestApi.as(Roles.PLANNER, null).contentType("text/csv").body(file).when().post("/working-days/import")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", equalTo(List.of("lines[4].date", "lines[5].kind")))
                .body("violations[0].message", org.hamcrest.Matchers.containsString("Saturday or Sunday"))
                .body("violations[1].message", org.hamcrest.Matchers.containsString("HOLIDAY or WORKDAY"));
        RestApi.as(Roles.PLANNER, null).queryParam("year", 2031).when().get("/working-days")
                .then().statusCode(200).body("size()", equalTo(0));
        assertThat(calendarEventsInOutbox()).isEqualTo(outboxBefore);

        RestApi.as(Roles.PLANNER, null).contentType("text/csv").body("day,kind\n2031-01-01,HOLIDAY\n").when().post("/working-days/import")
                .then().statusCode(400).body("violations[0].field", equalTo("lines[1]"));
    }

    @Test
    void aDayIsSetChangedAndRemovedEachChangeAnnouncingItsYear() {
        RestApi.as(Roles.PLANNER, null).body(Map.of("kind", "HOLIDAY", "name", "国庆节")).when().put("/working-days/2030-10-01")
                .then().statusCode(201).body("kind", equalTo("HOLIDAY")).body("updatedBy", org.hamcrest.Matchers.notNullValue());
        // The same again is no change: 200, and no event.
        RestApi.as(Roles.PLANNER, null).body(Map.of("kind", "HOLIDAY", "name", "国庆节")).when().put("/working-days/2030-10-01")
                .then().statusCode(200);
        RestApi.as(Roles.OPERATOR, null).body(Map.of("kind", "WORKDAY", "name", "国庆节调休上班")).when().put("/working-days/2030-10-12")
                .then().statusCode(201);
        RestApi.as(Roles.PLANNER, null).body(Map.of("kind", "WORKDAY", "name", "周二")).when().put("/working-days/2030-10-15")
                .then().statusCode(400).body("violations[0].field", equalTo("date"));
        RestApi.as(Roles.PLANNER, null).body(Map.of("kind", "HOLIDAY", "name", "x")).when().put("/working-days/2030-13-01")
                .then().statusCode(400).body("violations[0].field", equalTo("date"));
        RestApi.as(Roles.PLANNER, null).when().delete("/working-days/2030-10-01").then().statusCode(204);
        RestApi.as(Roles.PLANNER, null).when().delete("/working-days/2030-10-01").then().statusCode(404);

        RestApi.as(Roles.SUPERVISOR, null).queryParam("year", 2030).when().get("/working-days")
                .then().statusCode(200).body("date", equalTo(List.of("2030-10-12")));
        List<TopicProbe.Seen> events = TopicProbe.await(Topics.WORKING_CALENDAR_EVENTS,
                seen -> seen.key().equals("2030"), 3, Duration.ofSeconds(30));
        assertThat(events).hasSize(3);
        assertThat(events.get(0).value().path("payload").path("days").findValuesAsText("date")).containsExactly("2030-10-01");
        assertThat(events.get(1).value().path("payload").path("days").findValuesAsText("date"))
                .containsExactly("2030-10-01", "2030-10-12");
        assertThat(events.get(2).value().path("payload").path("days").findValuesAsText("date")).containsExactly("2030-10-12");
    }

    @Test
    void readersMayNotChangeTheCalendar() {
        RestApi.as(Roles.SUPERVISOR, null).body(Map.of("kind", "HOLIDAY", "name", "国庆节")).when().put("/working-days/2030-10-02")
                .then().statusCode(403);
        RestApi.as(Roles.LEAD_UNIT, "qz-jyj").contentType("text/csv").body("date,kind,name\n2030-10-02,HOLIDAY,x\n")
                .when().post("/working-days/import").then().statusCode(403);
        RestApi.as(Roles.DASHBOARD, null).queryParam("year", 2030).when().get("/working-days").then().statusCode(200);
        RestApi.as(Roles.DASHBOARD, null).when().get("/working-days").then().statusCode(400)
                .body("violations.field", hasItems("year"));
    }

    private long calendarEventsInOutbox() throws Exception {
        try (Connection c = dataSource.getConnection();
             ResultSet r = c.createStatement().executeQuery(
                     "select count(*) from outbox_event where topic = '" + Topics.WORKING_CALENDAR_EVENTS + "'")) {
            r.next();
            return r.getLong(1);
        }
    }
}
