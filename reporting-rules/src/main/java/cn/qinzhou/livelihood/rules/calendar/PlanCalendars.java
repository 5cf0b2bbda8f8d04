package cn.qinzhou.livelihood.rules.calendar;

import java.time.YearMonth;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The reporting calendars of every plan year known: a period is judged by the calendar of the plan year whose
 * window holds it. Immutable; a service replaces its copy when a plan year or a working-day calendar changes.
 */
public final class PlanCalendars {

    private static final PlanCalendars NONE = new PlanCalendars(List.of());

    private final List<ReportingCalendar> calendars;

    public PlanCalendars(Collection<ReportingCalendar> calendars) {
        this.calendars = calendars.stream().sorted(Comparator.comparing(ReportingCalendar::first)).toList();
    }

    public static PlanCalendars none() {
        return NONE;
    }

    /** The plan years, earliest first. */
    public List<ReportingCalendar> all() {
        return calendars;
    }

    public List<Integer> years() {
        return calendars.stream().map(ReportingCalendar::planYear).toList();
    }

    public boolean isEmpty() {
        return calendars.isEmpty();
    }

    public Optional<ReportingCalendar> find(YearMonth period) {
        return calendars.stream().filter(calendar -> calendar.inPlan(period)).findFirst();
    }

    /**
     * The calendar of the plan year whose window holds the period.
     *
     * @throws InvalidPeriodException naming the plan years and their windows, when none holds it
     */
    public ReportingCalendar of(YearMonth period) {
        return find(period).orElseThrow(() -> new InvalidPeriodException("rules.period.no-plan-year",
                "must be a reporting period of a plan year: " + describe(), described()));
    }

    public Optional<ReportingCalendar> ofYear(int planYear) {
        return calendars.stream().filter(calendar -> calendar.planYear() == planYear).findFirst();
    }

    /**
     * The calendar of a plan year.
     *
     * @throws UnknownPlanYearException naming the plan years there are
     */
    public ReportingCalendar requireYear(int planYear) {
        return ofYear(planYear).orElseThrow(() -> new UnknownPlanYearException("rules.year.unknown",
                "must be a plan year: " + describe(), described()));
    }

    /**
     * The calendar of a plan year as a request writes it (a query parameter): text that is no number is refused as
     * a year that is none.
     *
     * @throws UnknownPlanYearException naming the plan years there are
     */
    public ReportingCalendar requireYear(String yearText) {
        int planYear;
        try {
            planYear = Integer.parseInt(yearText.strip());
        } catch (NumberFormatException e) {
            throw new UnknownPlanYearException("rules.year.unknown", "must be a plan year: " + describe(), described());
        }
        return requireYear(planYear);
    }

    /** {@link #describe()} in the reader's language: Chinese for a {@code zh} locale. */
    public java.util.function.Function<java.util.Locale, String> described() {
        return locale -> !"zh".equals(locale.getLanguage()) ? describe() : calendars.isEmpty() ? "尚未登记任何计划年度"
                : calendars.stream()
                .map(calendar -> calendar.planYear() + "年（" + calendar.first() + "至" + calendar.last() + "）")
                .collect(Collectors.joining("，"));
    }

    /** E.g. "2024 (2024-08 to 2024-12), 2025 (2025-01 to 2025-12)", or "none is registered yet". */
    public String describe() {
        return calendars.isEmpty() ? "none is registered yet" : calendars.stream()
                .map(calendar -> calendar.planYear() + " (" + calendar.first() + " to " + calendar.last() + ")")
                .collect(Collectors.joining(", "));
    }
}
