package cn.qinzhou.livelihood.project.calendar;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.contracts.calendar.SpecialDay;
import cn.qinzhou.livelihood.contracts.calendar.WorkingCalendarEvent;
import cn.qinzhou.livelihood.platform.outbox.Outbox;
import cn.qinzhou.livelihood.platform.problem.Messages;
import cn.qinzhou.livelihood.platform.problem.Problem;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The working-day calendar (工作日历): the days that do not follow their week. Deadlines that move to the next
 * working day are computed from it by the services that read its events. Every change publishes, in its
 * transaction, one WorkingDaysChanged per calendar year it touched, carrying all of that year's days, so a
 * reader replaces its copy of the year.
 */
@ApplicationScoped
public class WorkingCalendar {

    public record ImportResult(int rows, int daysChanged, List<Integer> yearsChanged) {
    }

    /** @param created whether the date was not in the calendar before */
    public record Saved(WorkingDayView day, boolean created) {
    }

    private final Outbox outbox;
    private final MovableClock clock;

    public WorkingCalendar(Outbox outbox, MovableClock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * The rule of a day whatever the source: a WORKDAY makes a weekend day a working one; on a weekday it would
     * say nothing, and is most likely a wrong date.
     */
    static List<Problem.Violation> check(String prefix, LocalDate date, SpecialDayKind kind) {
        if (date.getYear() < 2000 || date.getYear() > 2100) {
            return List.of(Problem.Violation.of(prefix + "date", "project.date.range"));
        }
        if (kind == SpecialDayKind.WORKDAY && date.getDayOfWeek() != DayOfWeek.SATURDAY
                && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
            return List.of(Problem.Violation.of(prefix + "date", "project.workday.weekend", date,
                    Messages.text("project.weekday." + date.getDayOfWeek())));
        }
        return List.of();
    }

    @Transactional
    public List<WorkingDayView> year(int year) {
        return days(year).stream().map(WorkingDayView::of).toList();
    }

    @Transactional
    public Saved put(LocalDate date, WorkingDayRequest request, String actor) {
        List<Problem.Violation> violations = check("", date, request.kind());
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        boolean created = WorkingDay.findById(date) == null;
        if (apply(date, request.kind(), request.name().strip(), actor)) {
            announce(Set.of(date.getYear()));
        }
        return new Saved(WorkingDayView.of(WorkingDay.findById(date)), created);
    }

    @Transactional
    public void delete(LocalDate date) {
        WorkingDay day = WorkingDay.findById(date);
        if (day == null) {
            throw ProblemException.notFound("working-calendar day", date);
        }
        day.delete();
        announce(Set.of(date.getYear()));
    }

    /** All days of the file or none; days already as the file says are left alone, so a re-import changes nothing. */
    @Transactional
    public ImportResult importFile(byte[] body, String actor) {
        List<HolidayFile.Entry> entries = HolidayFile.read(body);
        Set<Integer> years = new TreeSet<>();
        int changed = 0;
        for (HolidayFile.Entry entry : entries) {
            if (apply(entry.date(), entry.kind(), entry.name(), actor)) {
                years.add(entry.date().getYear());
                changed++;
            }
        }
        announce(years);
        return new ImportResult(entries.size(), changed, List.copyOf(years));
    }

    /** @return whether anything changed */
    private boolean apply(LocalDate date, SpecialDayKind kind, String name, String actor) {
        WorkingDay day = WorkingDay.findById(date);
        if (day != null && day.kind == kind && Objects.equals(day.name, name)) {
            return false;
        }
        if (day == null) {
            day = new WorkingDay();
            day.date = date;
        }
        day.kind = kind;
        day.name = name;
        day.updatedAt = clock.instant();
        day.updatedBy = actor;
        day.persist();
        return true;
    }

    private void announce(Set<Integer> years) {
        WorkingDay.flush();
        for (int year : new TreeSet<>(years)) {
            List<SpecialDay> days = days(year).stream()
                    .map(d -> new SpecialDay(d.date, d.kind.name(), d.name)).toList();
            WorkingCalendarEvent event = new WorkingCalendarEvent.WorkingDaysChanged(year, days);
            outbox.append(Topics.WORKING_CALENDAR_EVENTS, String.valueOf(year), event.type(),
                    WorkingCalendarEvent.SCHEMA_VERSION, event);
        }
    }

    private static List<WorkingDay> days(int year) {
        return WorkingDay.list("date >= ?1 and date < ?2 order by date", LocalDate.of(year, 1, 1),
                LocalDate.of(year + 1, 1, 1));
    }
}
