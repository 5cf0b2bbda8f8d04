package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;
import cn.qinzhou.livelihood.progress.ClockMovingTest;

import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.hamcrest.Matchers.equalTo;

/** The deadline is the end of the 5th of the next month in Asia/Shanghai, judged by the received-at. */
@QuarkusTest
class ReportingCalendarTest extends ClockMovingTest {

    static final String UNIT = "cal-unit";

    @Test
    void theLastInstantOfTheFifthInShanghaiIsOnTime() {
        ProjectEvents.publishKnown("CAL-1", UNIT, 1, "ACTIVE", "1000000");
        // 2024-10-05 23:59:59.999 in Shanghai
        clock.moveTo(Instant.parse("2024-10-05T15:59:59.999Z"));
        Reports.submit(UNIT, "CAL-1", "2024-09", Reports.body("30", "100000"))
                .statusCode(201)
                .body("timeliness", equalTo("ON_TIME"))
                .body("dueAt", equalTo("2024-10-05T15:59:59.999999Z"))
                .body("firstReceivedAt", equalTo("2024-10-05T15:59:59.999Z"));
    }

    @Test
    void midnightStartingTheSixthInShanghaiIsLate() {
        ProjectEvents.publishKnown("CAL-2", UNIT, 1, "ACTIVE", "1000000");
        // 2024-10-06 00:00:00 in Shanghai
        clock.moveTo(Instant.parse("2024-10-05T16:00:00Z"));
        Reports.submit(UNIT, "CAL-2", "2024-09", Reports.body("30", "100000"))
                .statusCode(201)
                .body("timeliness", equalTo("LATE"));
    }

    @Test
    void aMonthNotYetOverOrOutsideThePlanIsRefusedNamingThePeriod() {
        ProjectEvents.publishKnown("CAL-3", UNIT, 1, "ACTIVE", "1000000");
        clock.moveTo(Instant.parse("2024-09-30T15:59:59Z"));
        Reports.submit(UNIT, "CAL-3", "2024-09", Reports.body("30", "100000"))
                .statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("period"));
        clock.moveTo(Instant.parse("2024-09-30T16:00:00Z"));
        Reports.submit(UNIT, "CAL-3", "2024-07", Reports.body("30", "100000"))
                .statusCode(400).body("violations[0].field", equalTo("period"));
        Reports.submit(UNIT, "CAL-3", "2024-13", Reports.body("30", "100000"))
                .statusCode(400).body("violations[0].field", equalTo("period"));
        Reports.submit(UNIT, "CAL-3", "2024-09", Reports.body("30", "100000")).statusCode(201);
    }

    @Test
    void unknownAndCancelledProjectsAreRefused() {
        Reports.submit(UNIT, "NO-SUCH", "2024-08", Reports.body("30", "100000"))
                .statusCode(404).contentType("application/problem+json");
        ProjectEvents.publishKnown("CAL-4", UNIT, 1, "CANCELLED", "1000000");
        Reports.submit(UNIT, "CAL-4", "2024-08", Reports.body("30", "100000"))
                .statusCode(409).contentType("application/problem+json");
    }
}
