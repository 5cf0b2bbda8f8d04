package cn.qinzhou.livelihood.contracts.calendar;

import java.util.List;

public sealed interface WorkingCalendarEvent {
    int SCHEMA_VERSION = 1;

    default String type() {
        return getClass().getSimpleName();
    }

    record WorkingDaysChanged(int year, List<SpecialDay> days) implements WorkingCalendarEvent {
    }
}
