package cn.qinzhou.livelihood.testsupport;

import cn.qinzhou.livelihood.contracts.EventEnvelope;
import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.contracts.calendar.SpecialDay;
import cn.qinzhou.livelihood.contracts.calendar.WorkingCalendarEvent;
import cn.qinzhou.livelihood.contracts.planyear.PlanYearEvent;
import cn.qinzhou.livelihood.contracts.planyear.PlanYearSnapshot;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Plan years and working-day calendars published as project-service publishes them, for the tests of the services
 * that learn them from the topics. {@link RealInfrastructure} publishes {@link #PLAN_2024} when its broker starts.
 */
public final class PlanYears {

    /** The seeded plan year, as project-service announces it. */
    public static final PlanYearSnapshot PLAN_2024 = new PlanYearSnapshot(2024,
            "2024年钦州市人民政府为民办实事实施方案", "钦政办〔2024〕17号", "2024-08", "2024-12", 5, "CALENDAR_DAY");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    public static void publish(PlanYearSnapshot planYear) {
        publish(RealInfrastructure.broker().bootstrapServers(), planYear);
    }

    /** As above, on a broker of the caller's. */
    public static void publish(String bootstrapServers, PlanYearSnapshot planYear) {
        PlanYearEvent event = new PlanYearEvent.PlanYearRegistered(planYear);
        String key = Integer.toString(planYear.year());
        TopicProbe.send(bootstrapServers, Topics.PLAN_YEAR_EVENTS, key,
                envelope(event.type(), PlanYearEvent.SCHEMA_VERSION, key, event));
    }

    public static void publishWorkingDays(int year, List<SpecialDay> days) {
        WorkingCalendarEvent event = new WorkingCalendarEvent.WorkingDaysChanged(year, days);
        String key = Integer.toString(year);
        TopicProbe.send(RealInfrastructure.broker().bootstrapServers(), Topics.WORKING_CALENDAR_EVENTS, key,
                envelope(event.type(), WorkingCalendarEvent.SCHEMA_VERSION, key, event));
    }

    /** The State Council's holidays and adjusted working days of 2024 or 2025 (国办发明电), as operators import them. */
    public static List<SpecialDay> stateCouncilSchedule(int year) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                PlanYears.class.getResourceAsStream("/cn-public-holidays-2024-2025.csv"), StandardCharsets.UTF_8))) {
            return reader.lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("date,"))
                    .map(line -> line.split(",", 3))
                    .map(cells -> new SpecialDay(LocalDate.parse(cells[0]), cells[1], cells[2]))
                    .filter(day -> day.date().getYear() == year)
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String envelope(String type, int schemaVersion, String aggregateId, Object payload) {
        try {
            return JSON.writeValueAsString(new EventEnvelope(UUID.randomUUID(), type, schemaVersion, Instant.now(),
                    aggregateId, JSON.valueToTree(payload)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private PlanYears() {
    }
}
