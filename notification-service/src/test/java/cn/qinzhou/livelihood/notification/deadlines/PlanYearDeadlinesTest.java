package cn.qinzhou.livelihood.notification.deadlines;

import cn.qinzhou.livelihood.notification.Events;
import cn.qinzhou.livelihood.notification.PlanYear2025;
import cn.qinzhou.livelihood.notification.alerting.Alert;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The deadline rules on a second plan year ({@link PlanYear2025}) learnt from the topics while the service runs. */
@QuarkusTest
class PlanYearDeadlinesTest extends PlanYear2025 {

    @Test
    void aReportDueOnAHolidayIsOverdueOnlyAfterTheNextWorkingDayAndEscalatesAfterFiveWorkingDays() {
        Events.projectOfYear(2025, "PY25-OVD", "py25-ovd");
        Events.project("PY24-BESIDE", "py24-beside", "ACTIVE", "1000");
        Events.awaitTracked("PY25-OVD");
        Events.awaitTracked("PY24-BESIDE");

        // 5 October 2025 is a Sunday of the National Day holiday: the report on September is due by the end of the 9th.
        clock.moveTo(at("2025-10-09T23:59:00+08:00"));
        sweep.run();
        assertThat(overdueOn("PY25-OVD", "2025-09")).isEmpty();

        clock.moveTo(at("2025-10-10T00:00:00+08:00").plusNanos(1_000));
        sweep.run();
        assertThat(overdueOn("PY25-OVD", "2025-09")).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("severity", "YELLOW").containsEntry("state", "OPEN"));
        // The 2024 project is judged on 2024's periods only.
        assertThat(Events.alertsOf("PY24-BESIDE", Alert.Rule.OVERDUE))
                .extracting(a -> (String) a.get("period")).isNotEmpty().allMatch(period -> period.startsWith("2024-"));

        // Five whole working days after Thursday the 9th: Fri 10, Sat 11 (worked), Mon 13, Tue 14, Wed 15.
        clock.moveTo(at("2025-10-15T23:59:00+08:00"));
        sweep.run();
        assertThat(overdueOn("PY25-OVD", "2025-09")).singleElement().satisfies(a -> assertThat(a).containsEntry("severity", "YELLOW"));
        clock.moveTo(at("2025-10-16T00:00:01+08:00"));
        sweep.run();
        assertThat(overdueOn("PY25-OVD", "2025-09")).singleElement().satisfies(a -> assertThat(a).containsEntry("severity", "RED"));
    }

    @Test
    void aReminderThatWouldFallOnAWeekendOrHolidayIsSentOnAWorkingDay() {
        Events.projectOfYear(2025, "PY25-REM", "py25-rem");
        Events.awaitTracked("PY25-REM");

        // June's report is due Saturday 5 July, moved to Monday the 7th. Two days before is a Sunday, so the reminder
        // day is Friday the 4th; a sweep that first runs on the Saturday after leaves it for Monday.
        clock.moveTo(at("2025-07-05T10:00:00+08:00"));
        sweep.run();
        assertThat(remindersOn("py25-rem", "2025-06")).isEmpty();
        clock.moveTo(at("2025-07-07T09:00:00+08:00"));
        sweep.run();
        assertThat(remindersOn("py25-rem", "2025-06")).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("details", Map.of("dueAt", "2025-07-07", "missingProjects", List.of("PY25-REM"))));

        // September's: the days from the month's end to the 8th are all holidays, so the first working day, the 9th.
        clock.moveTo(at("2025-10-08T10:00:00+08:00"));
        sweep.run();
        assertThat(remindersOn("py25-rem", "2025-09")).isEmpty();
        clock.moveTo(at("2025-10-09T09:00:00+08:00"));
        sweep.run();
        assertThat(remindersOn("py25-rem", "2025-09")).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("details", Map.of("dueAt", "2025-10-09", "missingProjects", List.of("PY25-REM"))));
    }

    private static List<Map<String, Object>> overdueOn(String projectId, String period) {
        return Events.alertsOf(projectId, Alert.Rule.OVERDUE).stream().filter(a -> period.equals(a.get("period"))).toList();
    }

    private static List<Map<String, Object>> remindersOn(String unit, String period) {
        return Events.alertsOf(unit, Alert.Rule.REMINDER).stream().filter(a -> period.equals(a.get("period"))).toList();
    }
}
