package cn.qinzhou.livelihood.contracts.calendar;

import java.util.List;

/**
 * The payloads published on {@code livelihood.working-calendar.events} (schema version {@value #SCHEMA_VERSION}),
 * keyed by the calendar year. The envelope's type is the record's simple name.
 */
public sealed interface WorkingCalendarEvent {

    int SCHEMA_VERSION = 1;

    int year();

    default String type() {
        return getClass().getSimpleName();
    }

    /**
     * The year's special days after a change, all of them: a consumer replaces its copy of the year, so the newest
     * record of a year is the whole truth (the topic is compacted by year).
     */
    record WorkingDaysChanged(int year, List<SpecialDay> days) implements WorkingCalendarEvent {
        public WorkingDaysChanged {
            days = days == null ? List.of() : List.copyOf(days);
        }
    }
}
